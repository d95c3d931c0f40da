import { Body, Controller, Delete } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { ErasePersonalDataCommand } from './erase-personal-data.command';
import { ErasePersonalDataRequestDto } from './erase-personal-data.request.dto';

@Controller('v1/cases/:caseId/personal-data')
export class ErasePersonalDataController {
  constructor(private readonly bus: CommandBus) {}

  @Delete()
  @CaseCommandEndpoint({
    action: 'case.erase-personal-data',
    summary:
      "Erase the victim's personal data (supervisor of the lead agency, or admin) by destroying the case key. History and integrity still work.",
    response: CaseCommandResponseDto,
    status: 200,
  })
  erase(
    @CaseTargetOf() { caseId, principal, context }: CaseTarget,
    @Body() body: ErasePersonalDataRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.bus.execute(
      new ErasePersonalDataCommand(caseId, body.justification, principal, context),
    );
  }
}
