import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { RecordProtectionMeasureRequestDto } from './record-protection-measure.request.dto';
import { RecordProtectionMeasureResponseDto } from './record-protection-measure.response.dto';

@Controller('v1/cases/:caseId/protection-measures')
export class RecordProtectionMeasureController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.decide-protection',
    summary: 'Decide a protection measure: shelter placement, police or witness protection.',
    response: RecordProtectionMeasureResponseDto,
    status: 201,
  })
  decide(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: RecordProtectionMeasureRequestDto,
  ): Promise<RecordProtectionMeasureResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const measureId = target.context.operation.id;
    return this.commands.send(
      target,
      { type: 'RecordProtectionMeasure', measureId, ...body },
      { measureId },
    );
  }
}
