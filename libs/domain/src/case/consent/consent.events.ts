import { ConsentDecision, ConsentGiver, ConsentMethod, ConsentScope, Service } from '../../codes';

export interface ConsentRecorded {
  type: 'consent.recorded.v1';
  data: {
    consentId: string;
    decision: ConsentDecision;
    scope: ConsentScope;
    agencyId: string | null;
    services: Service[] | null;
    givenBy: ConsentGiver;
    method: ConsentMethod;
    interpreterUsed: boolean;
    recordedAt: string;
    recordedByAgencyId: string;
  };
}

/** Its own event so that every sharing without consent stands out in the audit trail. */
export interface ConsentOverridden {
  type: 'consent.overridden.v1';
  data: {
    referralId: string;
    toAgencyId: string;
    justification: string;
    overriddenAt: string;
  };
}

export type ConsentEvent = ConsentRecorded | ConsentOverridden;
