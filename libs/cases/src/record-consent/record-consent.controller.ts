import { Body, Controller, Post } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-command-endpoint.decorator';
import { CaseCommandSender } from '../shared/case-command-sender';
import { CaseTarget, CaseTargetOf } from '../shared/case-target.decorator';
import { RecordConsentRequestDto } from './record-consent.request.dto';
import { RecordConsentResponseDto } from './record-consent.response.dto';

@Controller('v1/cases/:caseId/consents')
export class RecordConsentController {
  constructor(private readonly commands: CaseCommandSender) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.record-consent',
    summary: "Record the victim's or guardian's consent: given, refused or withdrawn.",
    response: RecordConsentResponseDto,
    status: 201,
  })
  record(
    @CaseTargetOf() target: CaseTarget,
    @Body() body: RecordConsentRequestDto,
  ): Promise<RecordConsentResponseDto> {
    // Named by the operation: a retry of a lost answer names the same one.
    const consentId = target.context.operation.id;
    return this.commands.send(
      target,
      { type: 'RecordConsent', consentId, ...body },
      { consentId },
      body.agencyId ? [{ field: 'agencyId', agencyId: body.agencyId }] : [],
    );
  }
}
