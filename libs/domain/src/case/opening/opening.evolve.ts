import { CaseState } from '../case.state';
import { CaseOpened } from './opening.events';

/** version and lastEventAt are set by evolve() for every event. */
export function onCaseOpened({ data }: CaseOpened): CaseState {
  return {
    caseId: data.caseId,
    version: 0,
    status: 'open',
    leadAgencyId: data.leadAgencyId,
    crimeType: data.crimeType,
    traffickingStatus: 'unassessed',
    location: { ...data.location },
    identificationSource: data.identificationSource,
    identifiedAt: data.identifiedAt,
    exploitationTypes: [...data.exploitationTypes],
    indicators: [...data.indicators],
    victim: {
      sex: data.victim.sex,
      ageGroup: data.victim.ageGroup,
      citizenship: data.victim.citizenship,
      // Unclear age gets a child's protections (DESIGN: "treated as a child").
      treatedAsChild: data.victim.ageGroup !== 'adult',
      personal: data.victim.personal === null ? null : { ...data.victim.personal },
      personalDataErased: false,
    },
    consents: [],
    consentOverrides: [],
    referrals: [],
    transfers: [],
    assistanceDecisions: [],
    protectionMeasures: [],
    reflectionPeriod: null,
    openedAt: data.openedAt,
    lastEventAt: data.openedAt,
  };
}
