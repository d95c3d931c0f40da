import {
  CaseView,
  PathNotification,
  ReferralPath,
  ReferralPathItem,
  TransferPathItem,
} from '../../api/api-types';

/** One hand-off of the referral path, from the path itself or from a replayed case. */
export interface HandOff {
  kind: 'referral' | 'transfer';
  id: string;
  fromAgencyId: string;
  toAgencyId: string;
  status: string;
  requestedAt: string;
  services: string[];
  urgency?: string;
  acknowledgeBy?: string;
  acknowledgedAt?: string;
  decidedAt?: string;
  completedAt?: string;
  outcome?: string;
  declineReason?: string;
  hoursToAcknowledge?: number;
  hoursToDecision?: number;
  overdue: boolean;
  overdueRecordedAt?: string;
  /** Undefined where they are not known (a replayed version): the path has them at its head. */
  notifications?: PathNotification[];
}

const byRequestedAt = (a: HandOff, b: HandOff) =>
  a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0;

/** The referral path as the API derives it (GET /v1/cases/{id}/referral-path). */
export function handOffsOfPath(path: ReferralPath): HandOff[] {
  return [
    ...path.items.map((item: ReferralPathItem) => ({
      kind: 'referral' as const,
      ...fromReferral(item),
      notifications: item.notifications,
    })),
    ...path.transfers.map((item: TransferPathItem) => ({
      kind: 'transfer' as const,
      id: item.transferId,
      fromAgencyId: item.fromAgencyId,
      toAgencyId: item.toAgencyId,
      status: item.status,
      requestedAt: item.requestedAt,
      services: [],
      decidedAt: item.decidedAt,
      hoursToDecision: item.hoursToDecision,
      overdue: false,
      notifications: item.notifications,
    })),
  ].sort(byRequestedAt);
}

function fromReferral(item: ReferralPathItem | CaseView['referrals'][number]) {
  return {
    id: item.referralId,
    fromAgencyId: item.fromAgencyId,
    toAgencyId: item.toAgencyId,
    status: item.status,
    requestedAt: item.requestedAt,
    services: item.services,
    urgency: item.urgency,
    acknowledgeBy: item.acknowledgeBy,
    acknowledgedAt: item.acknowledgedAt,
    decidedAt: item.decidedAt,
    completedAt: item.completedAt,
    outcome: item.outcome,
    declineReason: item.declineReason,
    hoursToAcknowledge: 'hoursToAcknowledge' in item ? item.hoursToAcknowledge : undefined,
    hoursToDecision: 'hoursToDecision' in item ? item.hoursToDecision : undefined,
    overdue: item.overdue,
    overdueRecordedAt: 'overdueRecordedAt' in item ? item.overdueRecordedAt : undefined,
  };
}

/** Decimal hours between two recorded times, as the referral path computes them. */
export function hoursBetween(from: string, to: string | undefined): number | undefined {
  if (!to) return undefined;
  return Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 100) / 100;
}

/**
 * The hand-offs of a case replayed to a version: the same recorded times, so the same hours;
 * notification outcomes are not part of the case's stream.
 */
export function handOffsOfCase(view: CaseView): HandOff[] {
  return [
    ...view.referrals.map((referral) => ({
      kind: 'referral' as const,
      ...fromReferral(referral),
      hoursToAcknowledge: hoursBetween(referral.requestedAt, referral.acknowledgedAt),
      hoursToDecision: hoursBetween(referral.requestedAt, referral.decidedAt),
    })),
    ...view.transfers.map((transfer) => ({
      kind: 'transfer' as const,
      id: transfer.transferId,
      fromAgencyId: transfer.fromAgencyId,
      toAgencyId: transfer.toAgencyId,
      status: transfer.status,
      requestedAt: transfer.requestedAt,
      services: [],
      decidedAt: transfer.decidedAt,
      hoursToDecision: hoursBetween(transfer.requestedAt, transfer.decidedAt),
      overdue: false,
    })),
  ].sort(byRequestedAt);
}
