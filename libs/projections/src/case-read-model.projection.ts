import { Inject, Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@app/crypto';
import { Queryable, SQL_CLIENT, SqlClient } from '@app/database';
import { canSeeCase, CaseState, evolve, upcast } from '@app/domain';
import { BatchEventHandler, RecordedEvent } from '@app/event-store';
import { isUuid, storableRow } from './storable-row';

const SUMMARY_COLUMNS = {
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

const INBOX_COLUMNS = {
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

const CASE_STREAM = /^case-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Keeps the case list and the agencies' inboxes from the global log, a page of events per
 * transaction. The case state is rebuilt with the domain's own `evolve` (minus personal data),
 * and an event is applied only once: redelivery after a restart finds its version already there.
 */
@Injectable()
export class CaseReadModelProjection implements BatchEventHandler {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly vault: PersonalDataVault,
  ) {}

  handle(event: RecordedEvent): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: RecordedEvent[]): Promise<void> {
    const caseEvents = events.flatMap((event) => {
      const caseId = CASE_STREAM.exec(event.streamId)?.[1];
      return caseId ? [{ caseId, event }] : [];
    });
    if (caseEvents.length === 0) return;
    const caseIds = [...new Set(caseEvents.map((e) => e.caseId))];
    await this.sql.transaction(async (tx) => {
      // Read models are rebuilt from the log and skip what they already hold, so a commit lost
      // in a crash costs nothing: do not wait for its flush.
      await tx.query('SET LOCAL synchronous_commit = off');
      const { rows } = await tx.query<{ case_id: string; version: number; state: CaseState }>(
        'SELECT case_id::text AS case_id, version, state FROM case_summaries WHERE case_id = ANY($1::uuid[]) FOR UPDATE',
        [caseIds],
      );
      const states = new Map(
        rows.map((row) => [row.case_id, { version: row.version, state: row.state }]),
      );
      const changed = new Set<string>();
      for (const { caseId, event } of caseEvents) {
        const known = states.get(caseId);
        if (known && event.version <= known.version) continue;
        const state = withoutPersonalData(
          evolve(known?.state ?? null, upcast(event.type, event.data)),
        );
        states.set(caseId, { version: event.version, state });
        changed.add(caseId);
      }
      const updated = [...changed].map((caseId) => ({ caseId, state: states.get(caseId)!.state }));
      if (updated.length === 0) return;
      await this.saveSummaries(tx, updated);
      await this.saveInbox(tx, updated);
    });
    // The command already destroyed the key; this makes sure of it if that process died first.
    for (const { caseId, event } of caseEvents) {
      if (event.type === 'case.personal-data-erased.v1') await this.vault.destroyCaseKey(caseId);
    }
  }

  /** Rows are keyed by the stream's case id; every value is made storable (see storableRow). */
  private async saveSummaries(tx: Queryable, cases: ProjectedCase[]): Promise<void> {
    const rows = cases.map(({ caseId, state }) =>
      storableRow(summaryRow(caseId, state), SUMMARY_COLUMNS),
    );
    await tx.query(
      `INSERT INTO case_summaries (case_id, version, status, lead_agency_id, crime_type, trafficking_status,
         province, district, identification_source, identified_at, opened_at, closed_at, updated_at,
         personal_data_erased, visible_to, state)
       SELECT case_id, version, status, lead_agency_id, crime_type, trafficking_status, province, district,
              identification_source, identified_at, opened_at, closed_at, updated_at, personal_data_erased,
              ARRAY(SELECT json_array_elements_text(visible_to)), state
         FROM json_to_recordset($1::json) AS r(case_id uuid, version integer, status text,
              lead_agency_id text, crime_type text, trafficking_status text, province text, district text,
              identification_source text, identified_at timestamptz, opened_at timestamptz,
              closed_at timestamptz, updated_at timestamptz, personal_data_erased boolean,
              visible_to json, state jsonb)
       ON CONFLICT (case_id) DO UPDATE SET
         version = EXCLUDED.version, status = EXCLUDED.status, lead_agency_id = EXCLUDED.lead_agency_id,
         crime_type = EXCLUDED.crime_type, trafficking_status = EXCLUDED.trafficking_status,
         closed_at = EXCLUDED.closed_at, updated_at = EXCLUDED.updated_at,
         personal_data_erased = EXCLUDED.personal_data_erased, visible_to = EXCLUDED.visible_to,
         state = EXCLUDED.state`,
      [JSON.stringify(rows)],
    );
  }

  private async saveInbox(tx: Queryable, cases: ProjectedCase[]): Promise<void> {
    // One row per referral id. A case naming one twice keeps its last; an id that another case
    // named first stays that case's (here and, by the WHERE below, in rows written before).
    const byId = new Map<string, { caseId: string; row: Record<string, unknown> }>();
    for (const { caseId, state } of cases) {
      for (const referral of list(state.referrals)) {
        if (!isUuid(referral?.referralId)) continue;
        const taken = byId.get(referral.referralId);
        if (taken && taken.caseId !== caseId) continue;
        byId.set(referral.referralId, {
          caseId,
          row: storableRow(inboxRow(caseId, referral), INBOX_COLUMNS),
        });
      }
    }
    const rows = [...byId.values()].map(({ row }) => row);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO referral_inbox (referral_id, case_id, from_agency_id, to_agency_id, services, urgency,
         status, overdue_recorded, requested_at, acknowledge_by, acknowledged_at, decided_at, completed_at, outcome)
       SELECT * FROM json_to_recordset($1::json) AS r(referral_id uuid, case_id uuid, from_agency_id text,
         to_agency_id text, services jsonb, urgency text, status text, overdue_recorded boolean,
         requested_at timestamptz, acknowledge_by timestamptz, acknowledged_at timestamptz,
         decided_at timestamptz, completed_at timestamptz, outcome text)
       ON CONFLICT (referral_id) DO UPDATE SET
         status = EXCLUDED.status, overdue_recorded = EXCLUDED.overdue_recorded,
         acknowledged_at = EXCLUDED.acknowledged_at, decided_at = EXCLUDED.decided_at,
         completed_at = EXCLUDED.completed_at, outcome = EXCLUDED.outcome
       -- A referral id is one case's: another case naming it changes nothing of that one's row.
       WHERE referral_inbox.case_id = EXCLUDED.case_id`,
      [JSON.stringify(rows)],
    );
  }
}

interface ProjectedCase {
  caseId: string;
  state: CaseState;
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

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function withoutPersonalData(state: CaseState): CaseState {
  return { ...state, victim: { ...state.victim, personal: null } };
}
