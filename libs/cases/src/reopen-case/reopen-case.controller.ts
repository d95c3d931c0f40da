import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { ReasonRequestDto } from '../shared/reason.request.dto';

@Controller('v1/cases/:caseId')
export class ReopenCaseController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post('reopen')
  @CaseCommandEndpoint({
    action: 'case.reopen',
    summary: 'Reopen a closed case with a reason (lead agency).',
    response: CaseCommandResponseDto,
    status: 200,
  })
  reopen(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: ReasonRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'ReopenCase', reason: body.reason });
  }
}
