import { CaseState } from '../case.state';
import { CaseReclassified, CaseScreened, ReflectionPeriodStarted } from './screening.events';

export function onCaseScreened(state: CaseState, { data }: CaseScreened): CaseState {
  return {
    ...state,
    traffickingStatus: data.traffickingStatus,
    indicators: [...new Set([...state.indicators, ...data.indicators])],
  };
}

export function onCaseReclassified(state: CaseState, { data }: CaseReclassified): CaseState {
  return { ...state, crimeType: data.to };
}

export function onReflectionPeriodStarted(
  state: CaseState,
  { data }: ReflectionPeriodStarted,
): CaseState {
  return { ...state, reflectionPeriod: { startedAt: data.startedAt, endsAt: data.endsAt } };
}
