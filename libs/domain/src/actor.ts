import { Role } from './codes';

export interface Actor {
  agencyId: string;
  officerId?: string;
  role: Role;
}

export interface DecisionContext {
  actor: Actor;
  /** ISO-8601; the domain never reads the clock so decisions replay deterministically. */
  now: string;
  reflectionPeriodDays: number;
}
