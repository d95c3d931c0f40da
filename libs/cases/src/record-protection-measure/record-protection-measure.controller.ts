import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import {
  RecordProtectionMeasureRequestDto,
  RecordProtectionMeasureResponseDto,
} from '../record-assistance-decision/record-assistance-decision.request.dto';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  commandResponse,
  CommandContext,
  ReplyLike,
  uuidParam,
} from '../shared/case-http';
import { ExecuteCaseCommand } from '../shared/execute-case-command.command';

@Controller('v1/cases/:caseId/protection-measures')
export class RecordProtectionMeasureController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
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
    const measureId = uuidv7();
    const result = await this.commands.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'RecordProtectionMeasure', measureId, ...body },
        context.principal,
        context,
      ),
    );
    return commandResponse(reply, result, { measureId });
  }
}
