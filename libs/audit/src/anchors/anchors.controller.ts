import { Controller, Get, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal, refuseAgencyAdmin } from '@app/access';
import { AnchorDto, AnchorVerificationDto } from './anchor.dto';
import { errorSummary } from '@app/event-store';
import { AnchorWitnesses } from './anchor-witnesses';
import { Anchor, AnchorNotFoundError, AuditAnchors } from './audit-anchors';

// Anchors cover every agency's streams: besides auditors, only the service's administrators.
const SERVICE_WIDE = "Audit anchors are the service's administrators' and auditors'.";

function toDto({ version: _version, ...anchor }: Anchor): AnchorDto {
  return anchor;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AnchorsController {
  private readonly logger = new Logger(AnchorsController.name);

  constructor(
    private readonly anchors: AuditAnchors,
    private readonly witnesses: AnchorWitnesses,
  ) {}

  @Post('v1/admin/audit/anchors')
  @HttpCode(201)
  @Permission('audit.make-anchor')
  @ApiOperation({
    summary:
      "Makes an audit anchor now (admin): a Merkle root over every stream's head, signed by the audit key, appended to the audit-anchors stream and sent to oversight agencies' webhooks. Anchors are also made every AUDIT_ANCHOR_INTERVAL_MS.",
  })
  @ApiResponse({ status: 201, type: AnchorDto })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: "Not the service's admin key" })
  async make(@CurrentPrincipal() principal: Principal): Promise<AnchorDto> {
    refuseAgencyAdmin(principal, SERVICE_WIDE);
    const anchor = await this.anchors.make();
    // The anchor stands made; the witnesses are told again at the scheduler's next look.
    await this.witnesses.tell(anchor).catch((error: unknown) => {
      this.logger.warn(`oversight agencies not told of anchor yet: ${errorSummary(error)}`);
    });
    return toDto(anchor);
  }

  @Get('v1/audit/anchors/latest')
  @Permission('audit.read-anchor')
  @ApiOperation({ summary: 'The newest audit anchor (auditors, admins).' })
  @ApiResponse({ status: 200, type: AnchorDto })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: "Not an auditor key or the service's admin key" })
  @ApiResponse({ status: 404, description: 'No anchor made yet' })
  async latest(@CurrentPrincipal() principal: Principal): Promise<AnchorDto> {
    refuseAgencyAdmin(principal, SERVICE_WIDE);
    const anchor = await this.anchors.latest();
    if (!anchor) throw new AnchorNotFoundError();
    return toDto(anchor);
  }

  @Get('v1/audit/anchors/latest/verify')
  @Permission('audit.read-anchor')
  @ApiOperation({
    summary:
      'Recomputes the newest anchor from the store: names each stream changed, truncated or deleted since it was made (auditors, admins).',
  })
  @ApiResponse({ status: 200, type: AnchorVerificationDto })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: "Not an auditor key or the service's admin key" })
  @ApiResponse({ status: 404, description: 'No anchor made yet' })
  verify(@CurrentPrincipal() principal: Principal): Promise<AnchorVerificationDto> {
    refuseAgencyAdmin(principal, SERVICE_WIDE);
    return this.anchors.verify();
  }
}
