import { Body, Controller, Param, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { ReasonRequestDto } from '../shared/reason.request.dto';
import { uuidParam } from '../shared/uuid-param.pipe';

@Controller('v1/cases/:caseId/referrals/:referralId')
export class WithdrawReferralController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('withdraw')
  @CaseCommandEndpoint({
    action: 'case.withdraw-referral',
    summary: 'Withdraw a referral before it is completed (lead agency).',
    response: CaseCommandResponseDto,
    status: 200,
  })
  withdraw(
    @CaseTargetOf() target: CaseTarget,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: ReasonRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, {
      type: 'WithdrawReferral',
      referralId,
      reason: body.reason,
    });
  }
}
