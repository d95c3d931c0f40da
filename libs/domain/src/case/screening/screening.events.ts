import { CrimeType, TraffickingStatus } from '../../codes';

export interface CaseScreened {
  type: 'case.screened.v1';
  data: {
    traffickingStatus: TraffickingStatus;
    previousStatus: TraffickingStatus;
    /** Indicators newly observed at this screening; the case keeps the union of all of them. */
    indicators: string[];
    notes: string | null;
    screenedAt: string;
  };
}

export interface CaseReclassified {
  type: 'case.reclassified.v1';
  data: { from: CrimeType; to: CrimeType; reclassifiedAt: string };
}

export interface ReflectionPeriodStarted {
  type: 'reflection-period.started.v1';
  data: { startedAt: string; endsAt: string };
}

export type ScreeningEvent = CaseScreened | CaseReclassified | ReflectionPeriodStarted;
