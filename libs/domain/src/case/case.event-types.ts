import { EventRegistry } from '../event-registry';
import { CaseEvent, CaseEventType } from './case.events';

/**
 * A record, not a list, so the compiler refuses a case event type that is not registered.
 * These strings are stored forever: never rename one, add a new version with an upcaster.
 */
const REGISTERED: Readonly<Record<CaseEventType, true>> = {
  'case.opened.v1': true,
  'case.screened.v1': true,
  'case.reclassified.v1': true,
  'reflection-period.started.v1': true,
  'consent.recorded.v1': true,
  'consent.overridden.v1': true,
  'referral.requested.v1': true,
  'referral.acknowledged.v1': true,
  'referral.accepted.v1': true,
  'referral.declined.v1': true,
  'referral.completed.v1': true,
  'referral.withdrawn.v1': true,
  'referral.overdue.v1': true,
  'assistance.decided.v1': true,
  'protection-measure.decided.v1': true,
  'transfer.requested.v1': true,
  'transfer.accepted.v1': true,
  'transfer.declined.v1': true,
  'case.closed.v1': true,
  'case.reopened.v1': true,
  'case.personal-data-erased.v1': true,
};

export const CASE_EVENT_TYPES: readonly CaseEventType[] = Object.freeze(
  Object.keys(REGISTERED) as CaseEventType[],
);

/** Production upcasters of older case schemas are registered here as they come to exist. */
export function createCaseEventRegistry(): EventRegistry<CaseEvent> {
  return new EventRegistry<CaseEvent>(CASE_EVENT_TYPES);
}

const caseEventRegistry = createCaseEventRegistry();

/** Maps a stored (type, data) of any known schema version to the current event. */
export function upcast(type: string, data: unknown): CaseEvent {
  return caseEventRegistry.upcast(type, data);
}

export function isCaseEventType(type: string): boolean {
  return caseEventRegistry.isKnown(type);
}
