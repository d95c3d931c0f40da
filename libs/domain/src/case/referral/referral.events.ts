import { DeclineReason, ReferralOutcome, Service, Urgency } from '../../codes';

export interface ReferralRequested {
  type: 'referral.requested.v1';
  data: {
    referralId: string;
    fromAgencyId: string;
    toAgencyId: string;
    services: Service[];
    urgency: Urgency;
    reason: string;
    requestedAt: string;
    acknowledgeBy: string;
  };
}

export interface ReferralAcknowledged {
  type: 'referral.acknowledged.v1';
  data: { referralId: string; acknowledgedAt: string };
}

export interface ReferralAccepted {
  type: 'referral.accepted.v1';
  data: { referralId: string; acceptedAt: string; note: string | null };
}

export interface ReferralDeclined {
  type: 'referral.declined.v1';
  data: { referralId: string; declinedAt: string; reason: DeclineReason; note: string | null };
}

export interface ReferralCompleted {
  type: 'referral.completed.v1';
  data: {
    referralId: string;
    completedAt: string;
    outcome: ReferralOutcome;
    reasonNotSuccessful: string | null;
    servicesDelivered: Service[];
  };
}

/** Carries both agencies so the withdrawal webhook can be built from the event alone. */
export interface ReferralWithdrawn {
  type: 'referral.withdrawn.v1';
  data: {
    referralId: string;
    fromAgencyId: string;
    toAgencyId: string;
    withdrawnAt: string;
    reason: string;
  };
}

/** Escalation to the referring agency; carries what its webhook needs. */
export interface ReferralOverdue {
  type: 'referral.overdue.v1';
  data: {
    referralId: string;
    fromAgencyId: string;
    toAgencyId: string;
    acknowledgeBy: string;
    markedAt: string;
  };
}

export type ReferralEvent =
  | ReferralRequested
  | ReferralAcknowledged
  | ReferralAccepted
  | ReferralDeclined
  | ReferralCompleted
  | ReferralWithdrawn
  | ReferralOverdue;
