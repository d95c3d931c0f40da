import { Inject, Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@app/crypto';
import { Queryable, SQL_CLIENT, SqlClient } from '@app/database';
import { canSeeCase, CaseState, evolve, upcast } from '@app/domain';
import { RecordedEvent } from '@app/event-store';

const CASE_STREAM = /^case-([0-9a-f-]{36})$/;

/**
 * Keeps the case list and the agencies' inboxes from the global log. The case state is rebuilt
 * with the domain's own `evolve` (minus personal data), and an event is applied only once:
 * redelivery after a restart finds its version already there.
 */
@Injectable()
export class CaseReadModelProjection {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly vault: PersonalDataVault,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const caseId = CASE_STREAM.exec(event.streamId)?.[1];
    if (!caseId) return;
    await this.sql.transaction(async (tx) => {
      // Read models are rebuilt from the log and skip what they already hold, so a commit lost
      // in a crash costs nothing: do not wait for its flush.
      await tx.query('SET LOCAL synchronous_commit = off');
      const { rows } = await tx.query<{ version: number; state: CaseState }>(
        'SELECT version, state FROM case_summaries WHERE case_id = $1 FOR UPDATE',
        [caseId],
      );
      const previous = rows[0];
      if (previous && event.version <= previous.version) return;
      const state = withoutPersonalData(
        evolve(previous?.state ?? null, upcast(event.type, event.data)),
      );
      await this.saveSummary(tx, caseId, state);
      await this.saveInbox(tx, caseId, state);
    });
    // The command already destroyed the key; this makes sure of it if that process died first.
    if (event.type === 'case.personal-data-erased.v1') await this.vault.destroyCaseKey(caseId);
  }

  private async saveSummary(tx: Queryable, caseId: string, state: CaseState): Promise<void> {
    const candidates = new Set([
      state.leadAgencyId,
      ...state.referrals.map((r) => r.toAgencyId),
      ...state.transfers.map((t) => t.toAgencyId),
    ]);
    const visibleTo = [...candidates].filter((agencyId) => canSeeCase(state, agencyId, 'officer'));
    await tx.query(
      `INSERT INTO case_summaries (case_id, version, status, lead_agency_id, crime_type, trafficking_status,
         province, district, identification_source, identified_at, opened_at, closed_at, updated_at,
         personal_data_erased, visible_to, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (case_id) DO UPDATE SET
         version = EXCLUDED.version, status = EXCLUDED.status, lead_agency_id = EXCLUDED.lead_agency_id,
         crime_type = EXCLUDED.crime_type, trafficking_status = EXCLUDED.trafficking_status,
         closed_at = EXCLUDED.closed_at, updated_at = EXCLUDED.updated_at,
         personal_data_erased = EXCLUDED.personal_data_erased, visible_to = EXCLUDED.visible_to,
         state = EXCLUDED.state`,
      [
        caseId,
        state.version,
        state.status,
        state.leadAgencyId,
        state.crimeType,
        state.traffickingStatus,
        state.location.province,
        state.location.district,
        state.identificationSource,
        state.identifiedAt,
        state.openedAt,
        state.status === 'closed' ? (state.closedAt ?? null) : null,
        state.lastEventAt,
        state.victim.personalDataErased,
        visibleTo,
        JSON.stringify(state),
      ],
    );
  }

  private async saveInbox(tx: Queryable, caseId: string, state: CaseState): Promise<void> {
    for (const r of state.referrals) {
      await tx.query(
        `INSERT INTO referral_inbox (referral_id, case_id, from_agency_id, to_agency_id, services, urgency,
           status, overdue_recorded, requested_at, acknowledge_by, acknowledged_at, decided_at, completed_at, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (referral_id) DO UPDATE SET
           status = EXCLUDED.status, overdue_recorded = EXCLUDED.overdue_recorded,
           acknowledged_at = EXCLUDED.acknowledged_at, decided_at = EXCLUDED.decided_at,
           completed_at = EXCLUDED.completed_at, outcome = EXCLUDED.outcome`,
        [
          r.referralId,
          caseId,
          r.fromAgencyId,
          r.toAgencyId,
          JSON.stringify(r.services),
          r.urgency,
          r.status,
          r.overdue,
          r.requestedAt,
          r.acknowledgeBy,
          r.acknowledgedAt ?? null,
          r.decidedAt ?? null,
          r.completedAt ?? null,
          r.outcome ?? null,
        ],
      );
    }
  }
}

function withoutPersonalData(state: CaseState): CaseState {
  return { ...state, victim: { ...state.victim, personal: null } };
}
