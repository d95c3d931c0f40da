import { InvalidEventSequenceError } from '../../errors';
import { CaseState, ReferralState } from '../case.state';
import {
  ReferralAccepted,
  ReferralAcknowledged,
  ReferralCompleted,
  ReferralDeclined,
  ReferralOverdue,
  ReferralRequested,
  ReferralWithdrawn,
} from './referral.events';

export function onReferralRequested(state: CaseState, { data }: ReferralRequested): CaseState {
  const referral: ReferralState = {
    referralId: data.referralId,
    fromAgencyId: data.fromAgencyId,
    toAgencyId: data.toAgencyId,
    services: [...data.services],
    urgency: data.urgency,
    reason: data.reason,
    status: 'requested',
    overdue: false,
    requestedAt: data.requestedAt,
    acknowledgeBy: data.acknowledgeBy,
    consentOverridden: state.consentOverrides.some(
      (override) => override.referralId === data.referralId,
    ),
  };
  return { ...state, referrals: [...state.referrals, referral] };
}

export function onReferralAcknowledged(
  state: CaseState,
  { data }: ReferralAcknowledged,
): CaseState {
  return updateReferral(state, data.referralId, (referral) => ({
    ...referral,
    status: 'acknowledged',
    overdue: false,
    acknowledgedAt: data.acknowledgedAt,
  }));
}

export function onReferralAccepted(state: CaseState, { data }: ReferralAccepted): CaseState {
  return updateReferral(state, data.referralId, (referral) => ({
    ...referral,
    status: 'accepted',
    overdue: false,
    decidedAt: data.acceptedAt,
    ...(data.note === null ? {} : { decisionNote: data.note }),
  }));
}

export function onReferralDeclined(state: CaseState, { data }: ReferralDeclined): CaseState {
  return updateReferral(state, data.referralId, (referral) => ({
    ...referral,
    status: 'declined',
    overdue: false,
    decidedAt: data.declinedAt,
    declineReason: data.reason,
    ...(data.note === null ? {} : { decisionNote: data.note }),
  }));
}

export function onReferralCompleted(state: CaseState, { data }: ReferralCompleted): CaseState {
  return updateReferral(state, data.referralId, (referral) => ({
    ...referral,
    status: 'completed',
    completedAt: data.completedAt,
    outcome: data.outcome,
    ...(data.reasonNotSuccessful === null ? {} : { reasonNotSuccessful: data.reasonNotSuccessful }),
    servicesDelivered: [...data.servicesDelivered],
  }));
}

export function onReferralWithdrawn(state: CaseState, { data }: ReferralWithdrawn): CaseState {
  return updateReferral(state, data.referralId, (referral) => ({
    ...referral,
    status: 'withdrawn',
    overdue: false,
    withdrawnAt: data.withdrawnAt,
    withdrawalReason: data.reason,
  }));
}

export function onReferralOverdue(state: CaseState, { data }: ReferralOverdue): CaseState {
  return updateReferral(state, data.referralId, (referral) => ({
    ...referral,
    overdue: true,
    markedOverdueAt: data.markedAt,
  }));
}

function updateReferral(
  state: CaseState,
  referralId: string,
  update: (referral: ReferralState) => ReferralState,
): CaseState {
  const index = state.referrals.findIndex((referral) => referral.referralId === referralId);
  if (index < 0) {
    throw new InvalidEventSequenceError(`Referral ${referralId} changes before it was requested`);
  }
  return { ...state, referrals: state.referrals.with(index, update(state.referrals[index])) };
}
