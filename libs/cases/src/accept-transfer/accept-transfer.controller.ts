import { Body, Controller, Param, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { OptionalReasonRequestDto } from '../shared/reason.request.dto';
import { uuidParam } from '../shared/uuid-param.pipe';

@Controller('v1/cases/:caseId/transfers/:transferId')
export class AcceptTransferController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('accept')
  @CaseCommandEndpoint({
    action: 'case.respond-to-transfer',
    summary:
      'Accept a transfer: your agency becomes the lead agency. An optional reason is recorded with the acceptance.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  accept(
    @CaseTargetOf() target: CaseTarget,
    @Param('transferId', uuidParam('transferId')) transferId: string,
    @Body() body: OptionalReasonRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'AcceptTransfer', transferId, reason: body.reason });
  }
}
