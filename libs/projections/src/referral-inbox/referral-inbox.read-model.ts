import { Inject, Injectable } from '@nestjs/common';
import { Queryable, rowSource, RowColumns, SQL_CLIENT, SqlClient } from '@app/database';
import { CaseState, ReferralStatus } from '@app/domain';
import { InboxItemDto } from '../list-inbox/inbox-item.response.dto';
import { iso, Page, pageOf, PageRequest } from '../shared/page';
import { list, ProjectedCase } from '../shared/projected-case';
import { isUuid, storableRow } from '../shared/storable-row';

const COLUMNS = {
  referral_id: 'text',
  case_id: 'text',
  from_agency_id: 'id',
  to_agency_id: 'id',
  services: 'json',
  urgency: 'text',
  status: 'text',
  overdue_recorded: 'boolean',
  requested_at: 'timestamptz?',
  acknowledge_by: 'timestamptz?',
  acknowledged_at: 'timestamptz?',
  decided_at: 'timestamptz?',
  completed_at: 'timestamptz?',
  outcome: 'text?',
} as const;

/** The rows as the INSERT below reads them, in the table's column order. */
const SOURCE_COLUMNS: RowColumns = [
  ['referral_id', 'uuid'],
  ['case_id', 'uuid'],
  ['from_agency_id', 'text'],
  ['to_agency_id', 'text'],
  ['services', 'jsonb'],
  ['urgency', 'text'],
  ['status', 'text'],
  ['overdue_recorded', 'boolean'],
  ['requested_at', 'timestamptz'],
  ['acknowledge_by', 'timestamptz'],
  ['acknowledged_at', 'timestamptz'],
  ['decided_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['outcome', 'text'],
];

interface InboxRow {
  referral_id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  services: string[];
  urgency: string;
  status: ReferralStatus;
  overdue: boolean;
  requested_at: Date | null;
  acknowledge_by: Date | null;
  acknowledged_at: Date | null;
  decided_at: Date | null;
  completed_at: Date | null;
  outcome: string | null;
}

/** `referral_inbox`: one row per referral, the receiving agencies' inboxes. */
@Injectable()
export class ReferralInboxReadModel {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /**
   * One row per referral id. A case naming one twice keeps its last; an id that another case
   * named first stays that case's (here and, by the WHERE below, in rows written before).
   */
  async save(tx: Queryable, cases: ProjectedCase[], bulk = false): Promise<void> {
    const byId = new Map<string, { caseId: string; row: Record<string, unknown> }>();
    for (const { caseId, state } of cases) {
      for (const referral of list(state.referrals)) {
        if (!isUuid(referral?.referralId)) continue;
        const taken = byId.get(referral.referralId);
        if (taken && taken.caseId !== caseId) continue;
        byId.set(referral.referralId, {
          caseId,
          row: storableRow(inboxRow(caseId, referral), COLUMNS),
        });
      }
    }
    const rows = [...byId.values()].map(({ row }) => row);
    if (rows.length === 0) return;
    const source = await rowSource(tx, 'referral_inbox', SOURCE_COLUMNS, rows, { bulk });
    await tx.query(
      `INSERT INTO referral_inbox (referral_id, case_id, from_agency_id, to_agency_id, services, urgency,
         status, overdue_recorded, requested_at, acknowledge_by, acknowledged_at, decided_at, completed_at, outcome)
       SELECT * FROM ${source.from}
       ON CONFLICT (referral_id) DO UPDATE SET
         status = EXCLUDED.status, overdue_recorded = EXCLUDED.overdue_recorded,
         acknowledged_at = EXCLUDED.acknowledged_at, decided_at = EXCLUDED.decided_at,
         completed_at = EXCLUDED.completed_at, outcome = EXCLUDED.outcome
       -- A referral id is one case's: another case naming it changes nothing of that one's row.
       WHERE referral_inbox.case_id = EXCLUDED.case_id`,
      source.params,
    );
  }

  /**
   * Referrals addressed to `agencyId`, newest first. A referral still requested after its
   * deadline shows as overdue whether or not the overdue event was recorded yet.
   */
  async list(
    filter: { agencyId: string; status?: ReferralStatus },
    page: PageRequest,
  ): Promise<Page<InboxItemDto>> {
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
      [filter.agencyId, filter.status ?? null, page.after, page.limit + 1],
    );
    return pageOf(rows, page, (row) => row.referral_id, toItem);
  }
}

function toItem(row: InboxRow): InboxItemDto {
  return {
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
    acknowledgedAt: iso(row.acknowledged_at),
    decidedAt: iso(row.decided_at),
    completedAt: iso(row.completed_at),
    outcome: row.outcome,
  };
}

function inboxRow(caseId: string, r: CaseState['referrals'][number]) {
  return {
    referral_id: r.referralId,
    case_id: caseId,
    from_agency_id: r.fromAgencyId,
    to_agency_id: r.toAgencyId,
    services: r.services,
    urgency: r.urgency,
    status: r.status,
    overdue_recorded: r.overdue,
    requested_at: r.requestedAt,
    acknowledge_by: r.acknowledgeBy,
    acknowledged_at: r.acknowledgedAt ?? null,
    decided_at: r.decidedAt ?? null,
    completed_at: r.completedAt ?? null,
    outcome: r.outcome ?? null,
  };
}
