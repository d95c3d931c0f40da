import { ConsentDecision, ConsentGiver, ConsentMethod, ConsentScope, Service } from '../../codes';

export interface RecordConsent {
  type: 'RecordConsent';
  consentId: string;
  decision: ConsentDecision;
  scope: ConsentScope;
  agencyId?: string;
  services?: readonly Service[];
  givenBy: ConsentGiver;
  method: ConsentMethod;
  interpreterUsed?: boolean;
}
