import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import {
  RecordProtectionMeasureRequestDto,
  RecordProtectionMeasureResponseDto,
} from '../record-assistance-decision/record-assistance-decision.request.dto';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import { CaseCommandContext, CommandContext, ReplyLike, uuidParam } from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';

@Controller('v1/cases/:caseId/protection-measures')
export class RecordProtectionMeasureController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.decide-protection',
    summary: 'Decide a protection measure: shelter placement, police or witness protection.',
    response: RecordProtectionMeasureResponseDto,
    status: 201,
  })
  async decide(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: RecordProtectionMeasureRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<RecordProtectionMeasureResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const measureId = context.operation.id;
    return this.cases.send(
      caseId,
      { type: 'RecordProtectionMeasure', measureId, ...body },
      context,
      reply,
      { measureId },
    );
  }
}
