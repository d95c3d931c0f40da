import {
  AgeGroup,
  CrimeType,
  ExploitationType,
  IdentificationSource,
  Province,
  Sex,
} from '../../codes';
import { SealedPersonalData } from '../case.state';

export interface OpenCase {
  type: 'OpenCase';
  caseId: string;
  identifiedAt: string;
  identificationSource: IdentificationSource;
  location: { province: Province; district: string };
  crimeType: CrimeType;
  victim: {
    sex: Sex;
    ageGroup: AgeGroup;
    citizenship: string;
    personal?: SealedPersonalData | null;
  };
  exploitationTypes: readonly ExploitationType[];
  indicators: readonly string[];
}
