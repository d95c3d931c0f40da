import { CaseState } from '../case.state';
import { CaseClosed, CaseReopened } from './closure.events';

export function onCaseClosed(state: CaseState, { data }: CaseClosed): CaseState {
  return { ...state, status: 'closed', closedAt: data.closedAt, closureReason: data.reason };
}

export function onCaseReopened(state: CaseState, _event: CaseReopened): CaseState {
  const { closedAt: _closedAt, closureReason: _closureReason, ...open } = state;
  return { ...open, status: 'open' };
}
