import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  commandResponse,
  CommandContext,
  ReplyLike,
  uuidParam,
} from '../shared/case-http';
import { ExecuteCaseCommand } from '../shared/execute-case-command.command';
import { RecordScreeningRequestDto } from './record-screening.request.dto';

@Controller('v1/cases/:caseId/screenings')
export class RecordScreeningController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @CaseCommandEndpoint({
    action: 'case.screen',
    summary: 'Record a screening (lead agency): trafficking status, reclassification, indicators.',
    response: CaseCommandResponseDto,
    status: 201,
  })
  async screen(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: RecordScreeningRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    const result = await this.commands.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'RecordScreening', ...body },
        context.principal,
        context,
      ),
    );
    return commandResponse(reply, result);
  }
}
