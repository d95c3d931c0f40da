import { Actor } from '../actor';
import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
  ReferralNotFoundError,
  TransferNotFoundError,
} from '../errors';
import { isAfter } from '../time';
import { CaseState, ReferralState, TransferState } from './case.state';

/** Rules shared by several capabilities of the case. */

export function requireLeadAgency(state: CaseState, actor: Actor, action: string): void {
  if (actor.agencyId !== state.leadAgencyId) {
    throw new ForbiddenActionError(`Only the lead agency may ${action}`);
  }
}

export function findReferral(state: CaseState, referralId: string): ReferralState {
  const referral = state.referrals.find((candidate) => candidate.referralId === referralId);
  if (!referral) throw new ReferralNotFoundError(referralId);
  return referral;
}

export function findTransfer(state: CaseState, transferId: string): TransferState {
  const transfer = state.transfers.find((candidate) => candidate.transferId === transferId);
  if (!transfer) throw new TransferNotFoundError(transferId);
  return transfer;
}

/** Ids come from the caller; reusing one would make two records indistinguishable in the trail. */
export function requireUnusedId(usedIds: readonly string[], id: string, field: string): void {
  if (usedIds.includes(id)) {
    throw new InvalidStateTransitionError(`${field} is already used on this case`);
  }
}

export function requireOtherAgency(actor: Actor, toAgencyId: string, what: string): void {
  if (toAgencyId === actor.agencyId) {
    throw new BusinessRuleViolationError(`A ${what} cannot go to one's own agency`, 'toAgencyId');
  }
}

/** The latest decision counts: a refusal or withdrawal cancels an earlier consent. */
export function hasConsentToShareWith(state: CaseState, agencyId: string): boolean {
  const latest = state.consents.findLast(
    (consent) => consent.scope === 'share-with-agency' && consent.agencyId === agencyId,
  );
  return latest?.decision === 'given';
}

/** The victim's own latest word on repatriation; a guardian cannot request it for them. */
export function hasVictimRequestedRepatriation(state: CaseState): boolean {
  const latest = state.consents.findLast(
    (consent) =>
      consent.scope === 'services' &&
      consent.givenBy === 'victim' &&
      (consent.services ?? []).includes('repatriation'),
  );
  return latest?.decision === 'given';
}

export function isReflectionPeriodRunning(state: CaseState, now: string): boolean {
  const period = state.reflectionPeriod;
  return period !== null && !isAfter(period.startedAt, now) && isAfter(period.endsAt, now);
}

/** A victim must not be sent home while still deciding whether to cooperate, unless they ask. */
export function requireRepatriationAllowed(state: CaseState, now: string, field: string): void {
  if (isReflectionPeriodRunning(state, now) && !hasVictimRequestedRepatriation(state)) {
    throw new BusinessRuleViolationError(
      'Repatriation during the reflection period needs the victim’s recorded request',
      field,
    );
  }
}
