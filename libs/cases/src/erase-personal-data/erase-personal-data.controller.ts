import { Body, Controller, Delete, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  commandResponse,
  CommandContext,
  ReplyLike,
  uuidParam,
} from '../shared/case-http';
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
  async erase(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: ErasePersonalDataRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    const { principal, ...commandContext } = context;
    return commandResponse(
      reply,
      await this.bus.execute(
        new ErasePersonalDataCommand(caseId, body.justification, principal, commandContext),
      ),
    );
  }
}
