import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import { CaseCommandContext, CommandContext, ReplyLike, uuidParam } from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import { RecordConsentRequestDto, RecordConsentResponseDto } from './record-consent.request.dto';

@Controller('v1/cases/:caseId/consents')
export class RecordConsentController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
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
    // Named by the operation: a retry of a lost answer names the same one.
    const consentId = context.operation.id;
    return this.cases.send(
      caseId,
      { type: 'RecordConsent', consentId, ...body },
      context,
      reply,
      { consentId },
      body.agencyId ? [{ field: 'agencyId', agencyId: body.agencyId }] : [],
    );
  }
}
