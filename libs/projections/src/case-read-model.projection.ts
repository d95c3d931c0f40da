import { Inject, Injectable } from '@nestjs/common';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { caseIdOfStream, CaseState, evolve, upcast } from '@app/domain';
import { BatchEventHandler, RecordedEvent } from '@app/event-store';
import { CaseSummariesReadModel } from './case-summaries/case-summaries.read-model';
import { ReferralInboxReadModel } from './referral-inbox/referral-inbox.read-model';
import { ProjectedCase } from './shared/projected-case';

/**
 * Folds the case events of a page of the log into case states (with the domain's own `evolve`,
 * minus personal data) and hands the changed ones to the read models that keep them: the case
 * list and the agencies' inboxes, in one transaction. An event is applied once: redelivery after
 * a restart finds its version already there.
 */
@Injectable()
export class CaseReadModelProjection implements BatchEventHandler {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly summaries: CaseSummariesReadModel,
    private readonly inbox: ReferralInboxReadModel,
  ) {}

  handle(event: RecordedEvent): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: RecordedEvent[]): Promise<void> {
    const caseEvents = events.flatMap((event) => {
      const caseId = caseIdOfStream(event.streamId);
      return caseId ? [{ caseId, event }] : [];
    });
    if (caseEvents.length === 0) return;
    await this.sql.transaction(async (tx) => {
      // Read models are rebuilt from the log and skip what they already hold, so a commit lost
      // in a crash costs nothing: do not wait for its flush.
      await tx.query('SET LOCAL synchronous_commit = off');
      const states = await this.summaries.statesForUpdate(tx, [
        ...new Set(caseEvents.map((e) => e.caseId)),
      ]);
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
      if (changed.size === 0) return;
      const cases: ProjectedCase[] = [...changed].map((caseId) => ({
        caseId,
        state: states.get(caseId)!.state,
      }));
      await this.summaries.save(tx, cases);
      await this.inbox.save(tx, cases);
    });
  }
}

function withoutPersonalData(state: CaseState): CaseState {
  return { ...state, victim: { ...state.victim, personal: null } };
}
