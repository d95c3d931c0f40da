import { Body, Controller, Param, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { uuidParam } from '../shared/uuid-param.pipe';
import { AcknowledgeReferralRequestDto } from './acknowledge-referral.request.dto';

@Controller('v1/cases/:caseId/referrals/:referralId')
export class AcknowledgeReferralController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('acknowledge')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Acknowledge a referral addressed to your agency.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  acknowledge(
    @CaseTargetOf() target: CaseTarget,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() _body: AcknowledgeReferralRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'AcknowledgeReferral', referralId });
  }
}
