import { CaseState } from '../case.state';
import { PersonalDataErased } from './erasure.events';

export function onPersonalDataErased(state: CaseState, _event: PersonalDataErased): CaseState {
  return { ...state, victim: { ...state.victim, personal: null, personalDataErased: true } };
}
