import { InvalidEventSequenceError } from '../errors';
import { onAssistanceDecided, onProtectionMeasureDecided } from './assistance/assistance.evolve';
import { CaseEvent } from './case.events';
import { CaseState } from './case.state';
import { onCaseClosed, onCaseReopened } from './closure/closure.evolve';
import { onConsentOverridden, onConsentRecorded } from './consent/consent.evolve';
import { onPersonalDataErased } from './erasure/erasure.evolve';
import { onCaseOpened } from './opening/opening.evolve';
import {
  onReferralAccepted,
  onReferralAcknowledged,
  onReferralCompleted,
  onReferralDeclined,
  onReferralOverdue,
  onReferralRequested,
  onReferralWithdrawn,
} from './referral/referral.evolve';
import {
  onCaseReclassified,
  onCaseScreened,
  onReflectionPeriodStarted,
} from './screening/screening.evolve';
import {
  onTransferAccepted,
  onTransferDeclined,
  onTransferRequested,
} from './transfer/transfer.evolve';

/** Applies one recorded event. Pure: the same stream always yields the same state. */
export function evolve(state: CaseState | null, event: CaseEvent): CaseState {
  const next = apply(state, event);
  return { ...next, version: (state?.version ?? 0) + 1, lastEventAt: occurredAt(event) };
}

export function replay(events: Iterable<CaseEvent>): CaseState | null {
  let state: CaseState | null = null;
  for (const event of events) state = evolve(state, event);
  return state;
}

function apply(state: CaseState | null, event: CaseEvent): CaseState {
  if (event.type === 'case.opened.v1') {
    if (state !== null) throw new InvalidEventSequenceError('The case was opened twice');
    return onCaseOpened(event);
  }
  if (state === null) {
    throw new InvalidEventSequenceError(`${event.type} cannot come before case.opened.v1`);
  }
  switch (event.type) {
    case 'case.screened.v1':
      return onCaseScreened(state, event);
    case 'case.reclassified.v1':
      return onCaseReclassified(state, event);
    case 'reflection-period.started.v1':
      return onReflectionPeriodStarted(state, event);
    case 'consent.recorded.v1':
      return onConsentRecorded(state, event);
    case 'consent.overridden.v1':
      return onConsentOverridden(state, event);
    case 'referral.requested.v1':
      return onReferralRequested(state, event);
    case 'referral.acknowledged.v1':
      return onReferralAcknowledged(state, event);
    case 'referral.accepted.v1':
      return onReferralAccepted(state, event);
    case 'referral.declined.v1':
      return onReferralDeclined(state, event);
    case 'referral.completed.v1':
      return onReferralCompleted(state, event);
    case 'referral.withdrawn.v1':
      return onReferralWithdrawn(state, event);
    case 'referral.overdue.v1':
      return onReferralOverdue(state, event);
    case 'assistance.decided.v1':
      return onAssistanceDecided(state, event);
    case 'protection-measure.decided.v1':
      return onProtectionMeasureDecided(state, event);
    case 'transfer.requested.v1':
      return onTransferRequested(state, event);
    case 'transfer.accepted.v1':
      return onTransferAccepted(state, event);
    case 'transfer.declined.v1':
      return onTransferDeclined(state, event);
    case 'case.closed.v1':
      return onCaseClosed(state, event);
    case 'case.reopened.v1':
      return onCaseReopened(state, event);
    case 'case.personal-data-erased.v1':
      return onPersonalDataErased(state, event);
  }
}

function occurredAt(event: CaseEvent): string {
  switch (event.type) {
    case 'case.opened.v1':
      return event.data.openedAt;
    case 'case.screened.v1':
      return event.data.screenedAt;
    case 'case.reclassified.v1':
      return event.data.reclassifiedAt;
    case 'reflection-period.started.v1':
      return event.data.startedAt;
    case 'consent.recorded.v1':
      return event.data.recordedAt;
    case 'consent.overridden.v1':
      return event.data.overriddenAt;
    case 'referral.requested.v1':
      return event.data.requestedAt;
    case 'referral.acknowledged.v1':
      return event.data.acknowledgedAt;
    case 'referral.accepted.v1':
      return event.data.acceptedAt;
    case 'referral.declined.v1':
      return event.data.declinedAt;
    case 'referral.completed.v1':
      return event.data.completedAt;
    case 'referral.withdrawn.v1':
      return event.data.withdrawnAt;
    case 'referral.overdue.v1':
      return event.data.markedAt;
    case 'assistance.decided.v1':
    case 'protection-measure.decided.v1':
      return event.data.decidedAt;
    case 'transfer.requested.v1':
      return event.data.requestedAt;
    case 'transfer.accepted.v1':
      return event.data.acceptedAt;
    case 'transfer.declined.v1':
      return event.data.declinedAt;
    case 'case.closed.v1':
      return event.data.closedAt;
    case 'case.reopened.v1':
      return event.data.reopenedAt;
    case 'case.personal-data-erased.v1':
      return event.data.erasedAt;
  }
}
