import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';
import { CommandCaller, CommandCallerOf } from '../shared/case-target.decorator';
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
    opens: true,
  })
  open(
    @CommandCallerOf() { principal, context }: CommandCaller,
    @Body() body: OpenCaseRequestDto,
  ): Promise<CaseCommandResponseDto> {
    return this.bus.execute(
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
        context,
      ),
    );
  }
}
