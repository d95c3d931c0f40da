import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { REFERRAL_STATUSES, ReferralStatus } from '@app/domain';
import { iso } from '../list-cases/list-cases.controller';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { PageRequestDto } from '../shared/page.request.dto';

export class ListInboxRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
}

interface InboxRow {
  referral_id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  services: string[];
  urgency: string;
  status: ReferralStatus;
  overdue: boolean;
  requested_at: Date;
  acknowledge_by: Date;
  acknowledged_at: Date | null;
  decided_at: Date | null;
  completed_at: Date | null;
  outcome: string | null;
}

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/referrals/inbox')
export class ListInboxController {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  @Get()
  @Permission('referral.inbox')
  @ApiOperation({ summary: 'Referrals addressed to your agency, newest first, cursor-paginated.' })
  @ApiResponse({ status: 200, description: '{ items: [referrals], nextCursor }' })
  @ApiResponse({ status: 400, description: 'Bad filter, limit or cursor' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 429, description: 'Rate limited' })
  async inbox(@Query() query: ListInboxRequestDto, @CurrentPrincipal() principal: Principal) {
    const limit = query.limit ?? 50;
    const { rows } = await this.sql.query<InboxRow>(
      `SELECT referral_id::text AS referral_id, case_id::text AS case_id, from_agency_id, to_agency_id,
              services, urgency, status,
              (status = 'requested' AND (overdue_recorded OR acknowledge_by < now())) AS overdue,
              requested_at, acknowledge_by, acknowledged_at, decided_at, completed_at, outcome
         FROM referral_inbox
        WHERE to_agency_id = $1
          AND ($2::text IS NULL OR status = $2)
          AND ($3::uuid IS NULL OR referral_id < $3::uuid)
        ORDER BY referral_id DESC
        LIMIT $4`,
      [principal.agencyId, query.status ?? null, decodeCursor(query.cursor), limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({
        referralId: row.referral_id,
        caseId: row.case_id,
        fromAgencyId: row.from_agency_id,
        toAgencyId: row.to_agency_id,
        services: row.services,
        urgency: row.urgency,
        status: row.status,
        overdue: row.overdue,
        requestedAt: iso(row.requested_at),
        acknowledgeBy: iso(row.acknowledge_by),
        acknowledgedAt: row.acknowledged_at ? iso(row.acknowledged_at) : null,
        decidedAt: row.decided_at ? iso(row.decided_at) : null,
        completedAt: row.completed_at ? iso(row.completed_at) : null,
        outcome: row.outcome,
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].referral_id) : null,
    };
  }
}
