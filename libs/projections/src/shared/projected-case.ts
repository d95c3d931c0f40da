import { CaseState } from '@app/domain';

/** A case as the read models keep it: its state folded from its events, without personal data. */
export interface ProjectedCase {
  /** From the stream's name, never from what an event says. */
  caseId: string;
  state: CaseState;
}

/** Lists in states folded from events of any shape (see storableRow): never a throw. */
export function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}
