import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import { CaseCommandContext, CommandContext, ReplyLike, uuidParam } from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import {
  RequestTransferRequestDto,
  RequestTransferResponseDto,
} from './request-transfer.request.dto';

@Controller('v1/cases/:caseId/transfers')
export class RequestTransferController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.transfer',
    summary: 'Ask another agency to take over as lead agency (lead agency).',
    response: RequestTransferResponseDto,
    status: 201,
  })
  async transfer(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: RequestTransferRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<RequestTransferResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const transferId = context.operation.id;
    return this.cases.send(
      caseId,
      { type: 'RequestTransfer', transferId, ...body },
      context,
      reply,
      { transferId },
      [{ field: 'toAgencyId', agencyId: body.toAgencyId }],
    );
  }
}
