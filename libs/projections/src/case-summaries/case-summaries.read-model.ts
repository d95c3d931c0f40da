import { Inject, Injectable } from '@nestjs/common';
import { Queryable, rowSource, RowColumns, SQL_CLIENT, SqlClient } from '@app/database';
import { canSeeCase, CaseState, CaseStatus } from '@app/domain';
import { CaseSummaryDto } from '../list-cases/case-summary.response.dto';
import { iso, Page, pageOf, PageRequest } from '../shared/page';
import { list, ProjectedCase } from '../shared/projected-case';
import { storableRow } from '../shared/storable-row';

const COLUMNS = {
  case_id: 'text',
  version: 'integer',
  status: 'text',
  lead_agency_id: 'id',
  crime_type: 'text',
  trafficking_status: 'text',
  province: 'text',
  district: 'text',
  identification_source: 'text',
  identified_at: 'timestamptz?',
  opened_at: 'timestamptz?',
  closed_at: 'timestamptz?',
  updated_at: 'timestamptz?',
  personal_data_erased: 'boolean',
  visible_to: 'id[]',
  state: 'json',
} as const;

/** The rows as the INSERT below reads them. */
const SOURCE_COLUMNS: RowColumns = [
  ['case_id', 'uuid'],
  ['version', 'integer'],
  ['status', 'text'],
  ['lead_agency_id', 'text'],
  ['crime_type', 'text'],
  ['trafficking_status', 'text'],
  ['province', 'text'],
  ['district', 'text'],
  ['identification_source', 'text'],
  ['identified_at', 'timestamptz'],
  ['opened_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['personal_data_erased', 'boolean'],
  ['visible_to', 'json'],
  ['state', 'json'],
];

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
  identified_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
  updated_at: Date | null;
  personal_data_erased: boolean;
}

export interface CaseListFilter {
  /** The agency asking: it sees the cases whose `visible_to` names it ... */
  agencyId: string;
  /** ... unless it sees every case (auditors, the service's administrators). */
  seesEveryCase: boolean;
  status?: CaseStatus;
}

/**
 * `case_summaries`: one row per case, the case list's. Each row also keeps the case's folded
 * state (without personal data), from which the projection folds the next events, and the
 * agencies that see the case (`visible_to`, by the domain's own rule).
 */
@Injectable()
export class CaseSummariesReadModel {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** The kept state and version of each of these cases, locked until `tx` ends if `forUpdate`. */
  async states(
    tx: Queryable,
    caseIds: string[],
    forUpdate: boolean,
  ): Promise<Map<string, { version: number; state: CaseState }>> {
    const { rows } = await tx.query<{ case_id: string; version: number; state: CaseState }>(
      `SELECT case_id::text AS case_id, version, state FROM case_summaries
        WHERE case_id = ANY($1::uuid[]) ${forUpdate ? 'FOR UPDATE' : ''}`,
      [caseIds],
    );
    return new Map(rows.map((row) => [row.case_id, { version: row.version, state: row.state }]));
  }

  /**
   * Every value made storable (see storableRow): no event can make this fail. `bulk`: a
   * rebuild's chunk of thousands, sent by COPY where the session can (rowSource).
   */
  async save(tx: Queryable, cases: ProjectedCase[], bulk = false): Promise<void> {
    const rows = cases.map(({ caseId, state }) => storableRow(summaryRow(caseId, state), COLUMNS));
    const source = await rowSource(tx, 'case_summaries', SOURCE_COLUMNS, rows, { bulk });
    await tx.query(
      `INSERT INTO case_summaries (case_id, version, status, lead_agency_id, crime_type, trafficking_status,
         province, district, identification_source, identified_at, opened_at, closed_at, updated_at,
         personal_data_erased, visible_to, state)
       SELECT case_id, version, status, lead_agency_id, crime_type, trafficking_status, province, district,
              identification_source, identified_at, opened_at, closed_at, updated_at, personal_data_erased,
              ARRAY(SELECT json_array_elements_text(visible_to)), state
         FROM ${source.from}
       ON CONFLICT (case_id) DO UPDATE SET
         version = EXCLUDED.version, status = EXCLUDED.status, lead_agency_id = EXCLUDED.lead_agency_id,
         crime_type = EXCLUDED.crime_type, trafficking_status = EXCLUDED.trafficking_status,
         closed_at = EXCLUDED.closed_at, updated_at = EXCLUDED.updated_at,
         personal_data_erased = EXCLUDED.personal_data_erased, visible_to = EXCLUDED.visible_to,
         state = EXCLUDED.state`,
      source.params,
    );
  }

  /** The cases the filter's agency may see, newest first. */
  async list(filter: CaseListFilter, page: PageRequest): Promise<Page<CaseSummaryDto>> {
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
      [filter.seesEveryCase, filter.agencyId, filter.status ?? null, page.after, page.limit + 1],
    );
    return pageOf(rows, page, (row) => row.case_id, toSummary);
  }
}

function toSummary(row: SummaryRow): CaseSummaryDto {
  return {
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
    closedAt: iso(row.closed_at),
    updatedAt: iso(row.updated_at),
    personalDataErased: row.personal_data_erased,
  };
}

function summaryRow(caseId: string, state: CaseState) {
  return {
    case_id: caseId,
    version: state.version,
    status: state.status,
    lead_agency_id: state.leadAgencyId,
    crime_type: state.crimeType,
    trafficking_status: state.traffickingStatus,
    province: state.location?.province,
    district: state.location?.district,
    identification_source: state.identificationSource,
    identified_at: state.identifiedAt,
    opened_at: state.openedAt,
    closed_at: state.status === 'closed' ? (state.closedAt ?? null) : null,
    updated_at: state.lastEventAt,
    personal_data_erased: state.victim?.personalDataErased,
    visible_to: visibleTo(state),
    state,
  };
}

/** The agencies that see the case, by the domain's own rule. */
function visibleTo(state: CaseState): string[] {
  const candidates = new Set([
    state.leadAgencyId,
    ...list(state.referrals).map((r) => r?.toAgencyId),
    ...list(state.transfers).map((t) => t?.toAgencyId),
  ]);
  return [...candidates].filter(
    (agencyId): agencyId is string =>
      typeof agencyId === 'string' && canSeeCase(state, agencyId, 'officer'),
  );
}
