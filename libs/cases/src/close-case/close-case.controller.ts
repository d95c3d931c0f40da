import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { CloseCaseRequestDto } from './close-case.request.dto';

@Controller('v1/cases/:caseId')
export class CloseCaseController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('close')
  @CaseCommandEndpoint({
    action: 'case.close',
    summary: 'Close the case with a reason (lead agency).',
    response: CaseCommandResponseDto,
    status: 200,
  })
  close(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: CloseCaseRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'CloseCase', reason: body.reason });
  }
}
