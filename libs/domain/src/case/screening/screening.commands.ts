import { CrimeType, TraffickingStatus } from '../../codes';

export interface RecordScreening {
  type: 'RecordScreening';
  traffickingStatus: TraffickingStatus;
  crimeType?: CrimeType;
  indicators?: readonly string[];
  notes?: string;
}
