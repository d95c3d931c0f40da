import { DeclineReason, ReferralOutcome, Service, Urgency } from '../../codes';

export interface RequestReferral {
  type: 'RequestReferral';
  referralId: string;
  toAgencyId: string;
  services: readonly Service[];
  urgency: Urgency;
  reason: string;
  acknowledgeWithinHours?: number;
  consentOverride?: { justification: string };
}

export interface AcknowledgeReferral {
  type: 'AcknowledgeReferral';
  referralId: string;
}

export interface AcceptReferral {
  type: 'AcceptReferral';
  referralId: string;
  note?: string;
}

export interface DeclineReferral {
  type: 'DeclineReferral';
  referralId: string;
  reason: DeclineReason;
  note?: string;
}

export interface CompleteReferral {
  type: 'CompleteReferral';
  referralId: string;
  outcome: ReferralOutcome;
  reasonNotSuccessful?: string;
  servicesDelivered: readonly Service[];
}

export interface WithdrawReferral {
  type: 'WithdrawReferral';
  referralId: string;
  reason: string;
}

export interface MarkReferralOverdue {
  type: 'MarkReferralOverdue';
  referralId: string;
}

export type ReferralCommand =
  | RequestReferral
  | AcknowledgeReferral
  | AcceptReferral
  | DeclineReferral
  | CompleteReferral
  | WithdrawReferral
  | MarkReferralOverdue;
