import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { RecordScreeningRequestDto } from './record-screening.request.dto';

@Controller('v1/cases/:caseId/screenings')
export class RecordScreeningController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.screen',
    summary: 'Record a screening (lead agency): trafficking status, reclassification, indicators.',
    response: CaseCommandResponseDto,
    status: 201,
  })
  record(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: RecordScreeningRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.commands.send(target, { type: 'RecordScreening', ...body });
  }
}
