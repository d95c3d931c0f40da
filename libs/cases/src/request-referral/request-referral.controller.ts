import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { RequestReferralRequestDto } from './request-referral.request.dto';
import { RequestReferralResponseDto } from './request-referral.response.dto';

@Controller('v1/cases/:caseId/referrals')
export class RequestReferralController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.refer',
    summary:
      'Refer the victim to another agency for services (lead agency). Needs consent to share, or a supervisor override.',
    response: RequestReferralResponseDto,
    status: 201,
  })
  refer(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: RequestReferralRequestDto,
  ): Promise<RequestReferralResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const referralId = target.context.operation.id;
    return this.commands.send(
      target,
      { type: 'RequestReferral', referralId, ...body },
      { referralId },
      [{ field: 'toAgencyId', agencyId: body.toAgencyId }],
    );
  }
}
