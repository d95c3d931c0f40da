import { Body, Controller, Delete, HttpCode, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  commandResponse,
  CommandContext,
  ReplyLike,
  uuidParam,
} from '../shared/case-http';
import { ExecuteCaseCommand } from '../shared/execute-case-command.command';

export class ErasePersonalDataRequestDto {
  @ApiProperty({ maxLength: 2000, minLength: 10 })
  @IsString()
  @Length(10, 2000)
  justification!: string;
}

@Controller('v1/cases/:caseId/personal-data')
export class ErasePersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @HttpCode(200)
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
    const result = await this.commands.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'ErasePersonalData', justification: body.justification },
        context.principal,
        context,
      ),
    );
    return commandResponse(reply, result);
  }
}
