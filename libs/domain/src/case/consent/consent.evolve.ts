import { CaseState, ConsentState } from '../case.state';
import { ConsentOverridden, ConsentRecorded } from './consent.events';

export function onConsentRecorded(state: CaseState, { data }: ConsentRecorded): CaseState {
  const consent: ConsentState = {
    consentId: data.consentId,
    decision: data.decision,
    scope: data.scope,
    ...(data.agencyId === null ? {} : { agencyId: data.agencyId }),
    ...(data.services === null ? {} : { services: [...data.services] }),
    givenBy: data.givenBy,
    method: data.method,
    interpreterUsed: data.interpreterUsed,
    recordedAt: data.recordedAt,
    recordedByAgencyId: data.recordedByAgencyId,
  };
  return { ...state, consents: [...state.consents, consent] };
}

export function onConsentOverridden(state: CaseState, { data }: ConsentOverridden): CaseState {
  return { ...state, consentOverrides: [...state.consentOverrides, { ...data }] };
}
