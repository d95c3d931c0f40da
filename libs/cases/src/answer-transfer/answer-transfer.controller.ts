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
import { OptionalReasonRequestDto } from '../shared/reason.request.dto';

/** The receiving agency takes the lead, or declines to. */
@Controller('v1/cases/:caseId/transfers/:transferId')
export class AnswerTransferController {
  constructor(private readonly cases: CaseCommands) {}

  @Post('accept')
  @CaseCommandEndpoint({
    action: 'case.respond-to-transfer',
    summary:
      'Accept a transfer: your agency becomes the lead agency. An optional reason is recorded with the acceptance.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  async accept(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Param('transferId', uuidParam('transferId')) transferId: string,
    @Body() body: OptionalReasonRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(
      caseId,
      { type: 'AcceptTransfer', transferId, reason: body.reason },
      context,
      reply,
    );
  }

  @Post('decline')
  @CaseCommandEndpoint({
    action: 'case.respond-to-transfer',
    summary:
      'Decline a transfer addressed to your agency. An optional reason is recorded with the decline.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  async decline(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Param('transferId', uuidParam('transferId')) transferId: string,
    @Body() body: OptionalReasonRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(
      caseId,
      { type: 'DeclineTransfer', transferId, reason: body.reason },
      context,
      reply,
    );
  }
}
