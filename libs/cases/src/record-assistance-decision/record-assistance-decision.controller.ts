import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import { CaseCommandContext, CommandContext, ReplyLike, uuidParam } from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import {
  RecordAssistanceDecisionRequestDto,
  RecordAssistanceDecisionResponseDto,
} from './record-assistance-decision.request.dto';

@Controller('v1/cases/:caseId/assistance-decisions')
export class RecordAssistanceDecisionController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.decide-assistance',
    summary:
      'Grant, deny or defer a service (lead agency, or an agency with an accepted referral for it).',
    response: RecordAssistanceDecisionResponseDto,
    status: 201,
  })
  async decide(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: RecordAssistanceDecisionRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<RecordAssistanceDecisionResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const decisionId = context.operation.id;
    return this.cases.send(
      caseId,
      { type: 'RecordAssistanceDecision', decisionId, ...body },
      context,
      reply,
      { decisionId },
    );
  }
}
