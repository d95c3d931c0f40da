import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AgencyRegistry } from '@app/access';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import { CaseCommandContext, CommandContext, ReplyLike, uuidParam } from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import { assertAgencyExists } from '../shared/known-agency';
import { RecordConsentRequestDto, RecordConsentResponseDto } from './record-consent.request.dto';

@Controller('v1/cases/:caseId/consents')
export class RecordConsentController {
  constructor(
    private readonly cases: CaseCommands,
    private readonly agencies: AgencyRegistry,
  ) {}

  @Post()
  @HttpCode(201)
  @CaseCommandEndpoint({
    action: 'case.record-consent',
    summary: "Record the victim's or guardian's consent: given, refused or withdrawn.",
    response: RecordConsentResponseDto,
    status: 201,
  })
  async record(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: RecordConsentRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<RecordConsentResponseDto> {
    if (body.agencyId) await assertAgencyExists(this.agencies, body.agencyId, 'agencyId');
    const consentId = uuidv7();
    return this.cases.send(caseId, { type: 'RecordConsent', consentId, ...body }, context, reply, {
      consentId,
    });
  }
}
