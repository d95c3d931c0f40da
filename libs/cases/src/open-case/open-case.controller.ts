import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  commandResponse,
  CommandContext,
  ReplyLike,
} from '../shared/case-http';
import { OpenCaseCommand } from './open-case.command';
import { OpenCaseRequestDto } from './open-case.request.dto';

@Controller('v1/cases')
export class OpenCaseController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.open',
    summary: 'Open a case at identification; your agency becomes the lead agency.',
    response: CaseCommandResponseDto,
    status: 201,
  })
  async open(
    @Body() body: OpenCaseRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    const { principal, ...commandContext } = context;
    const result = commandResponse(
      reply,
      await this.bus.execute(
        new OpenCaseCommand(
          {
            identifiedAt: new Date(body.identifiedAt).toISOString(),
            identificationSource: body.identificationSource,
            location: { province: body.location.province, district: body.location.district },
            crimeType: body.crimeType,
            victim: {
              sex: body.victim.sex,
              ageGroup: body.victim.ageGroup,
              citizenship: body.victim.citizenship.toUpperCase(),
              personal: body.victim.personal ? { ...body.victim.personal } : null,
            },
            exploitationTypes: body.exploitationTypes,
            indicators: body.indicators,
          },
          principal,
          commandContext,
        ),
      ),
    );
    const caseId = result.caseId;
    reply.header('location', `/v1/cases/${caseId}`);
    return result;
  }
}
