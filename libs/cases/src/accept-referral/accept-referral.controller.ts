import { Body, Controller, Param, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { uuidParam } from '../shared/uuid-param.pipe';
import { AcceptReferralRequestDto } from './accept-referral.request.dto';

@Controller('v1/cases/:caseId/referrals/:referralId')
export class AcceptReferralController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('accept')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Accept a referral addressed to your agency.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  accept(
    @CaseTargetOf() target: CaseTarget,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: AcceptReferralRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'AcceptReferral', referralId, ...body });
  }
}
