import { ClosureReason } from '../../codes';

export interface CaseClosed {
  type: 'case.closed.v1';
  data: { reason: ClosureReason; closedAt: string };
}

export interface CaseReopened {
  type: 'case.reopened.v1';
  data: { reason: string; reopenedAt: string };
}

export type ClosureEvent = CaseClosed | CaseReopened;
