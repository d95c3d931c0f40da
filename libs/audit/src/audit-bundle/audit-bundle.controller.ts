import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { AuditBundle } from '@app/audit-trail';
import { uuidParam } from '@app/cases';
import { AuditBundleExport } from './audit-bundle.export';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/cases/:caseId/audit-bundle')
export class AuditBundleController {
  constructor(private readonly bundles: AuditBundleExport) {}

  @Get()
  @Permission('case.export-audit-bundle')
  @ApiOperation({
    summary:
      "The case's events as stored (personal data sealed), its notifications stream, the newest anchor covering them with inclusion proofs, all signed with the audit key (auditors, with X-Purpose). Verify it offline: `npm run audit -- verify <bundle.json> --public-key <pem>`. The export is recorded in the access log.",
  })
  @ApiResponse({ status: 200, description: 'A safe-referral.audit-bundle.v1 document' })
  @ApiResponse({ status: 400, description: 'Bad id, or no X-Purpose' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: 'Not an auditor key' })
  @ApiResponse({ status: 404, description: 'No such case' })
  bundle(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditBundle> {
    return this.bundles.export(caseId, principal);
  }
}
