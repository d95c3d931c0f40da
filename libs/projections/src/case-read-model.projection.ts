import { Inject, Injectable } from '@nestjs/common';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { caseIdOfStream, CaseState, evolve, upcast } from '@app/domain';
import { FoldedProjection, RecordedEvent } from '@app/event-store';
import { CaseSummariesReadModel } from './case-summaries/case-summaries.read-model';
import { ReferralInboxReadModel } from './referral-inbox/referral-inbox.read-model';
import { ProjectedCase } from './shared/projected-case';

/**
 * Folds the case events of a page of the log into case states (with the domain's own `evolve`,
 * minus personal data) and hands the changed ones to the read models that keep them: the case
 * list and the agencies' inboxes, in one transaction (a FoldedProjection). An event is applied
 * once: redelivery after a restart finds its version already there.
 */
@Injectable()
export class CaseReadModelProjection extends FoldedProjection<KeptCase> {
  constructor(
    @Inject(SQL_CLIENT) sql: SqlClient,
    summaries: CaseSummariesReadModel,
    inbox: ReferralInboxReadModel,
  ) {
    super(sql, {
      keyOf: (event) => caseIdOfStream(event.streamId),
      load: async (tx, caseIds, forUpdate) => {
        const states = await summaries.states(tx, caseIds, forUpdate);
        return new Map([...states].map(([caseId, kept]) => [caseId, { caseId, ...kept }] as const));
      },
      apply: (known, event) => {
        if (known && event.version <= known.version) return null;
        const caseId = known?.caseId ?? caseIdOfStream(event.streamId)!;
        const state = withoutPersonalData(
          evolve(known?.state ?? null, upcast(event.type, event.data)),
        );
        return { caseId, version: event.version, state };
      },
      save: async (tx, cases, replaying) => {
        await summaries.save(tx, cases, replaying);
        await inbox.save(tx, cases, replaying);
      },
    });
  }

  handle(event: RecordedEvent): Promise<void> {
    return this.handleBatch([event]);
  }
}

interface KeptCase extends ProjectedCase {
  version: number;
}

/** The state without `victim.personal`; the same object when it holds none (most events). */
function withoutPersonalData(state: CaseState): CaseState {
  if (state.victim?.personal === null) return state;
  return { ...state, victim: { ...state.victim, personal: null } };
}
