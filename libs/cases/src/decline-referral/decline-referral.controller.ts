import { Body, Controller, Param, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { uuidParam } from '../shared/uuid-param.pipe';
import { DeclineReferralRequestDto } from './decline-referral.request.dto';

@Controller('v1/cases/:caseId/referrals/:referralId')
export class DeclineReferralController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('decline')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Decline a referral addressed to your agency, with a reason.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  decline(
    @CaseTargetOf() target: CaseTarget,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: DeclineReferralRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'DeclineReferral', referralId, ...body });
  }
}
