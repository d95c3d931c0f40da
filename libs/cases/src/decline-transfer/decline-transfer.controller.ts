import { Body, Controller, Param, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { OptionalReasonRequestDto } from '../shared/reason.request.dto';
import { uuidParam } from '../shared/uuid-param.pipe';

@Controller('v1/cases/:caseId/transfers/:transferId')
export class DeclineTransferController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('decline')
  @CaseCommandEndpoint({
    action: 'case.respond-to-transfer',
    summary:
      'Decline a transfer addressed to your agency. An optional reason is recorded with the decline.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  decline(
    @CaseTargetOf() target: CaseTarget,
    @Param('transferId', uuidParam('transferId')) transferId: string,
    @Body() body: OptionalReasonRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'DeclineTransfer', transferId, reason: body.reason });
  }
}
