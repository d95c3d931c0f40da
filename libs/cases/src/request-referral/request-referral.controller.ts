import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import { CaseCommandContext, CommandContext, ReplyLike, uuidParam } from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import {
  RequestReferralRequestDto,
  RequestReferralResponseDto,
} from './request-referral.request.dto';

@Controller('v1/cases/:caseId/referrals')
export class RequestReferralController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.refer',
    summary:
      'Refer the victim to another agency for services (lead agency). Needs consent to share, or a supervisor override.',
    response: RequestReferralResponseDto,
    status: 201,
  })
  async refer(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: RequestReferralRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<RequestReferralResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const referralId = context.operation.id;
    return this.cases.send(
      caseId,
      { type: 'RequestReferral', referralId, ...body },
      context,
      reply,
      { referralId },
      [{ field: 'toAgencyId', agencyId: body.toAgencyId }],
    );
  }
}
