import { Actor, DecisionContext } from '../../actor';
import {
  DECLINE_REASONS,
  REFERRAL_OUTCOMES,
  ReferralStatus,
  SERVICES,
  URGENCIES,
} from '../../codes';
import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
} from '../../errors';
import { addHours, isAfter } from '../../time';
import {
  findReferral,
  hasConsentToShareWith,
  requireLeadAgency,
  requireOtherAgency,
  requireRepatriationAllowed,
  requireUnusedId,
} from '../case.rules';
import { CaseState, ReferralState } from '../case.state';
import {
  optionalText,
  requireCode,
  requireCodeList,
  requirePositiveNumber,
  requireText,
} from '../case.validation';
import { ConsentOverridden } from '../consent/consent.events';
import {
  AcceptReferral,
  AcknowledgeReferral,
  CompleteReferral,
  DeclineReferral,
  MarkReferralOverdue,
  RequestReferral,
  WithdrawReferral,
} from './referral.commands';
import {
  ReferralAccepted,
  ReferralAcknowledged,
  ReferralCompleted,
  ReferralDeclined,
  ReferralOverdue,
  ReferralRequested,
  ReferralWithdrawn,
} from './referral.events';
import { DEFAULT_ACKNOWLEDGE_WITHIN_HOURS } from './referral.rules';

export function decideRequestReferral(
  state: CaseState,
  command: RequestReferral,
  ctx: DecisionContext,
): (ConsentOverridden | ReferralRequested)[] {
  requireLeadAgency(state, ctx.actor, 'refer the victim');
  const consentOverride = command.consentOverride ?? undefined;
  if (consentOverride !== undefined && ctx.actor.role !== 'supervisor') {
    throw new ForbiddenActionError('Only a supervisor may override the victim’s consent');
  }
  const referralId = requireText(command.referralId, 'referralId');
  requireUnusedId(
    state.referrals.map((referral) => referral.referralId),
    referralId,
    'referralId',
  );
  const toAgencyId = requireText(command.toAgencyId, 'toAgencyId');
  const services = requireCodeList(SERVICES, command.services, 'services', { allowEmpty: false });
  const urgency = requireCode(URGENCIES, command.urgency, 'urgency');
  const reason = requireText(command.reason, 'reason');
  const withinHours =
    command.acknowledgeWithinHours === undefined
      ? DEFAULT_ACKNOWLEDGE_WITHIN_HOURS[urgency]
      : requirePositiveNumber(command.acknowledgeWithinHours, 'acknowledgeWithinHours');
  requireOtherAgency(ctx.actor, toAgencyId, 'referral');
  if (services.includes('repatriation')) requireRepatriationAllowed(state, ctx.now, 'services');

  const events: (ConsentOverridden | ReferralRequested)[] = [];
  // An override is recorded only when it is what allows the sharing, so the trail never shows an
  // override where the victim had in fact consented.
  if (!hasConsentToShareWith(state, toAgencyId)) {
    if (consentOverride === undefined) {
      throw new BusinessRuleViolationError(
        'The victim has not consented to sharing with the receiving agency',
        'toAgencyId',
      );
    }
    events.push({
      type: 'consent.overridden.v1',
      data: {
        referralId,
        toAgencyId,
        justification: requireText(consentOverride.justification, 'consentOverride.justification'),
        overriddenAt: ctx.now,
      },
    });
  }
  events.push({
    type: 'referral.requested.v1',
    data: {
      referralId,
      fromAgencyId: ctx.actor.agencyId,
      toAgencyId,
      services,
      urgency,
      reason,
      requestedAt: ctx.now,
      acknowledgeBy: addHours(ctx.now, withinHours),
    },
  });
  return events;
}

export function decideAcknowledgeReferral(
  state: CaseState,
  command: AcknowledgeReferral,
  ctx: DecisionContext,
): ReferralAcknowledged[] {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'acknowledge');
  requireStatus(referral, ['requested'], 'acknowledged');
  return [
    {
      type: 'referral.acknowledged.v1',
      data: { referralId: referral.referralId, acknowledgedAt: ctx.now },
    },
  ];
}

export function decideAcceptReferral(
  state: CaseState,
  command: AcceptReferral,
  ctx: DecisionContext,
): ReferralAccepted[] {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'accept');
  const note = optionalText(command.note, 'note');
  requireStatus(referral, ['requested', 'acknowledged'], 'accepted');
  return [
    {
      type: 'referral.accepted.v1',
      data: { referralId: referral.referralId, acceptedAt: ctx.now, note },
    },
  ];
}

export function decideDeclineReferral(
  state: CaseState,
  command: DeclineReferral,
  ctx: DecisionContext,
): ReferralDeclined[] {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'decline');
  const reason = requireCode(DECLINE_REASONS, command.reason, 'reason');
  const note = optionalText(command.note, 'note');
  requireStatus(referral, ['requested', 'acknowledged'], 'declined');
  return [
    {
      type: 'referral.declined.v1',
      data: { referralId: referral.referralId, declinedAt: ctx.now, reason, note },
    },
  ];
}

export function decideCompleteReferral(
  state: CaseState,
  command: CompleteReferral,
  ctx: DecisionContext,
): ReferralCompleted[] {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'complete');
  const outcome = requireCode(REFERRAL_OUTCOMES, command.outcome, 'outcome');
  const reasonNotSuccessful = optionalText(command.reasonNotSuccessful, 'reasonNotSuccessful');
  const servicesDelivered = requireCodeList(
    SERVICES,
    command.servicesDelivered,
    'servicesDelivered',
    {
      allowEmpty: true,
    },
  );
  if ((outcome === 'not-successful') !== (reasonNotSuccessful !== null)) {
    throw new BusinessRuleViolationError(
      'A reason is required exactly when the outcome is not-successful',
      'reasonNotSuccessful',
    );
  }
  requireStatus(referral, ['accepted'], 'completed');
  return [
    {
      type: 'referral.completed.v1',
      data: {
        referralId: referral.referralId,
        completedAt: ctx.now,
        outcome,
        reasonNotSuccessful,
        servicesDelivered,
      },
    },
  ];
}

export function decideWithdrawReferral(
  state: CaseState,
  command: WithdrawReferral,
  ctx: DecisionContext,
): ReferralWithdrawn[] {
  const referral = findReferral(state, command.referralId);
  requireLeadAgency(state, ctx.actor, 'withdraw a referral');
  const reason = requireText(command.reason, 'reason');
  requireStatus(referral, ['requested', 'acknowledged', 'accepted'], 'withdrawn');
  return [
    {
      type: 'referral.withdrawn.v1',
      data: {
        referralId: referral.referralId,
        fromAgencyId: referral.fromAgencyId,
        toAgencyId: referral.toAgencyId,
        withdrawnAt: ctx.now,
        reason,
      },
    },
  ];
}

export function decideMarkReferralOverdue(
  state: CaseState,
  command: MarkReferralOverdue,
  ctx: DecisionContext,
): ReferralOverdue[] {
  const referral = findReferral(state, command.referralId);
  if (
    referral.status !== 'requested' ||
    referral.overdue ||
    !isAfter(ctx.now, referral.acknowledgeBy)
  ) {
    throw new InvalidStateTransitionError(
      'Only a referral still requested after its deadline, and not yet marked, can become overdue',
    );
  }
  return [
    {
      type: 'referral.overdue.v1',
      data: {
        referralId: referral.referralId,
        fromAgencyId: referral.fromAgencyId,
        toAgencyId: referral.toAgencyId,
        acknowledgeBy: referral.acknowledgeBy,
        markedAt: ctx.now,
      },
    },
  ];
}

function receivedReferral(
  state: CaseState,
  referralId: string,
  actor: Actor,
  action: string,
): ReferralState {
  const referral = findReferral(state, referralId);
  if (referral.toAgencyId !== actor.agencyId) {
    throw new ForbiddenActionError(`Only the receiving agency may ${action} a referral`);
  }
  return referral;
}

function requireStatus(
  referral: ReferralState,
  allowed: readonly ReferralStatus[],
  target: ReferralStatus,
): void {
  if (!allowed.includes(referral.status)) {
    throw new InvalidStateTransitionError(`A ${referral.status} referral cannot become ${target}`);
  }
}
