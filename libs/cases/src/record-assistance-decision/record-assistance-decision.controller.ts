import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { RecordAssistanceDecisionRequestDto } from './record-assistance-decision.request.dto';
import { RecordAssistanceDecisionResponseDto } from './record-assistance-decision.response.dto';

@Controller('v1/cases/:caseId/assistance-decisions')
export class RecordAssistanceDecisionController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.decide-assistance',
    summary:
      'Grant, deny or defer a service (lead agency, or an agency with an accepted referral for it).',
    response: RecordAssistanceDecisionResponseDto,
    status: 201,
  })
  decide(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: RecordAssistanceDecisionRequestDto,
  ): Promise<RecordAssistanceDecisionResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const decisionId = target.context.operation.id;
    return this.commands.send(
      target,
      { type: 'RecordAssistanceDecision', decisionId, ...body },
      { decisionId },
    );
  }
}
