import { Body, Controller, Post, Res } from '@nestjs/common';
import { PersonalDataErasedError, PersonalDataVault } from '@app/crypto';
import { ProblemException } from '@app/http';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  CommandContext,
  ReplyLike,
} from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import { OpenCaseRequestDto } from './open-case.request.dto';

const CLOCK_SKEW_MS = 5 * 60_000;

@Controller('v1/cases')
export class OpenCaseController {
  constructor(
    private readonly cases: CaseCommands,
    private readonly vault: PersonalDataVault,
  ) {}

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
    if (new Date(body.identifiedAt).getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw ProblemException.of(400, 'identifiedAt lies in the future.', {
        errors: [{ field: 'identifiedAt', message: 'must not be in the future' }],
      });
    }
    // With an Idempotency-Key every attempt names the case the first one chose.
    const caseId = context.operation.id;
    const personal = body.victim.personal ? { ...body.victim.personal } : null;
    const sealed =
      personal && Object.keys(personal).length > 0
        ? await this.vault.sealForCase(caseId, personal).catch((error: unknown) => {
            if (!(error instanceof PersonalDataErasedError)) throw error;
            throw ProblemException.of(
              409,
              'An earlier attempt of this request opened the case, whose personal data was since erased.',
            );
          })
        : null;
    const result = await this.cases.send(
      caseId,
      {
        type: 'OpenCase',
        caseId,
        identifiedAt: new Date(body.identifiedAt).toISOString(),
        identificationSource: body.identificationSource,
        location: { province: body.location.province, district: body.location.district },
        crimeType: body.crimeType,
        victim: {
          sex: body.victim.sex,
          ageGroup: body.victim.ageGroup,
          citizenship: body.victim.citizenship.toUpperCase(),
          personal: sealed,
        },
        exploitationTypes: body.exploitationTypes,
        indicators: body.indicators,
      },
      context,
      reply,
    );
    reply.header('location', `/v1/cases/${caseId}`);
    return result;
  }
}
