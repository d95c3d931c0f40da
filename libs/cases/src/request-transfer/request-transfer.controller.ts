import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { RequestTransferRequestDto } from './request-transfer.request.dto';
import { RequestTransferResponseDto } from './request-transfer.response.dto';

@Controller('v1/cases/:caseId/transfers')
export class RequestTransferController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.transfer',
    summary: 'Ask another agency to take over as lead agency (lead agency).',
    response: RequestTransferResponseDto,
    status: 201,
  })
  request(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: RequestTransferRequestDto,
  ): Promise<RequestTransferResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const transferId = target.context.operation.id;
    return this.commands.send(
      target,
      { type: 'RequestTransfer', transferId, ...body },
      { transferId },
      [{ field: 'toAgencyId', agencyId: body.toAgencyId }],
    );
  }
}
