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
import { ReasonRequestDto } from '../shared/reason.request.dto';
import { CloseCaseRequestDto } from './close-case.request.dto';

@Controller('v1/cases/:caseId')
export class CloseCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post('close')
  @HttpCode(200)
  @CaseCommandEndpoint({
    action: 'case.close',
    summary: 'Close the case with a reason (lead agency).',
    response: CaseCommandResponseDto,
    status: 200,
  })
  async close(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: CloseCaseRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    const result = await this.commands.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'CloseCase', reason: body.reason },
        context.principal,
        context,
      ),
    );
    return commandResponse(reply, result);
  }

  @Post('reopen')
  @HttpCode(200)
  @CaseCommandEndpoint({
    action: 'case.reopen',
    summary: 'Reopen a closed case with a reason (lead agency).',
    response: CaseCommandResponseDto,
    status: 200,
  })
  async reopen(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: ReasonRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    const result = await this.commands.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'ReopenCase', reason: body.reason },
        context.principal,
        context,
      ),
    );
    return commandResponse(reply, result);
  }
}
