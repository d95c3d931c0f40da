import {
  AgeGroup,
  CrimeType,
  ExploitationType,
  IdentificationSource,
  Province,
  Sex,
} from '../../codes';
import { SealedPersonalData } from '../case.state';

export interface CaseOpened {
  type: 'case.opened.v1';
  data: {
    caseId: string;
    leadAgencyId: string;
    /** Officer id in the agency's own system; null when a system actor opened the case. */
    openedBy: string | null;
    openedAt: string;
    identifiedAt: string;
    identificationSource: IdentificationSource;
    location: { province: Province; district: string };
    crimeType: CrimeType;
    victim: {
      sex: Sex;
      ageGroup: AgeGroup;
      citizenship: string;
      personal: SealedPersonalData | null;
    };
    exploitationTypes: ExploitationType[];
    indicators: string[];
  };
}
