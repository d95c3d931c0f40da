import { CaseState } from '../case.state';
import { AssistanceDecided, ProtectionMeasureDecided } from './assistance.events';

export function onAssistanceDecided(state: CaseState, { data }: AssistanceDecided): CaseState {
  return { ...state, assistanceDecisions: [...state.assistanceDecisions, { ...data }] };
}

export function onProtectionMeasureDecided(
  state: CaseState,
  { data }: ProtectionMeasureDecided,
): CaseState {
  return { ...state, protectionMeasures: [...state.protectionMeasures, { ...data }] };
}
