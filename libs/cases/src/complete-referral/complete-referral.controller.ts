import { Body, Controller, Param, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { uuidParam } from '../shared/uuid-param.pipe';
import { CompleteReferralRequestDto } from './complete-referral.request.dto';

@Controller('v1/cases/:caseId/referrals/:referralId')
export class CompleteReferralController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('complete')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Complete an accepted referral with its outcome and the services delivered.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  complete(
    @CaseTargetOf() target: CaseTarget,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: CompleteReferralRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'CompleteReferral', referralId, ...body });
  }
}
