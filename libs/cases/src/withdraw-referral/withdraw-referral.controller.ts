import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  CommandContext,
  ReplyLike,
  uuidParam,
} from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import { ReasonRequestDto } from '../shared/reason.request.dto';

@Controller('v1/cases/:caseId/referrals/:referralId/withdraw')
export class WithdrawReferralController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.withdraw-referral',
    summary: 'Withdraw a referral before it is completed (lead agency).',
    response: CaseCommandResponseDto,
    status: 200,
  })
  async withdraw(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: ReasonRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(
      caseId,
      { type: 'WithdrawReferral', referralId, reason: body.reason },
      context,
      reply,
    );
  }
}
