import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  CommandContext,
  ReplyLike,
  uuidParam,
} from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import { ReasonRequestDto } from '../shared/reason.request.dto';
import { CloseCaseRequestDto } from './close-case.request.dto';

@Controller('v1/cases/:caseId')
export class CloseCaseController {
  constructor(private readonly cases: CaseCommands) {}

  @Post('close')
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
    return this.cases.send(caseId, { type: 'CloseCase', reason: body.reason }, context, reply);
  }

  @Post('reopen')
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
    return this.cases.send(caseId, { type: 'ReopenCase', reason: body.reason }, context, reply);
  }
}
