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
import { CASE_STATUSES, CaseStatus, seesEveryCase } from '@app/domain';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { PageRequestDto } from '../shared/page.request.dto';

export class ListCasesRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;
}

interface SummaryRow {
  case_id: string;
  version: number;
  status: CaseStatus;
  lead_agency_id: string;
  crime_type: string;
  trafficking_status: string;
  province: string;
  district: string;
  identification_source: string;
  identified_at: Date;
  opened_at: Date;
  closed_at: Date | null;
  updated_at: Date;
  personal_data_erased: boolean;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class ListCasesController {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  @Get()
  @Permission('case.list')
  @ApiOperation({
    summary:
      'The cases your agency may see (auditors and the service administrators: all), newest first, cursor-paginated.',
  })
  @ApiResponse({ status: 200, description: '{ items: [case summaries], nextCursor }' })
  @ApiResponse({ status: 400, description: 'Bad filter, limit or cursor' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 429, description: 'Rate limited' })
  async list(@Query() query: ListCasesRequestDto, @CurrentPrincipal() principal: Principal) {
    const limit = query.limit ?? 50;
    const { rows } = await this.sql.query<SummaryRow>(
      `SELECT case_id::text AS case_id, version, status, lead_agency_id, crime_type, trafficking_status,
              province, district, identification_source, identified_at, opened_at, closed_at, updated_at,
              personal_data_erased
         FROM case_summaries
        WHERE ($1::boolean OR $2::text = ANY (visible_to))
          AND ($3::text IS NULL OR status = $3)
          AND ($4::uuid IS NULL OR case_id < $4::uuid)
        ORDER BY case_id DESC
        LIMIT $5`,
      [
        seesEveryCase(principal.agencyId, principal.role),
        principal.agencyId,
        query.status ?? null,
        decodeCursor(query.cursor),
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({
        caseId: row.case_id,
        version: row.version,
        status: row.status,
        leadAgencyId: row.lead_agency_id,
        crimeType: row.crime_type,
        traffickingStatus: row.trafficking_status,
        location: { province: row.province, district: row.district },
        identificationSource: row.identification_source,
        identifiedAt: iso(row.identified_at),
        openedAt: iso(row.opened_at),
        closedAt: row.closed_at ? iso(row.closed_at) : null,
        updatedAt: iso(row.updated_at),
        personalDataErased: row.personal_data_erased,
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].case_id) : null,
    };
  }
}

/** A stored time as ISO 8601; null where the events gave none that was a time. */
export function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
