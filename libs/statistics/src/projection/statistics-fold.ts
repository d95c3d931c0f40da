import { CaseEvent } from '@app/domain';

/**
 * What the statistics keep of a case: codes, agencies and times. Never personal data and never
 * free text (reasons, notes and justifications may name a victim); an erased case still counts.
 */
export interface StatCase {
  caseId: string;
  version: number;
  identifiedAt: string;
  openedAt: string;
  closedAt: string | null;
  closureReason: string | null;
  status: 'open' | 'closed';
  crimeType: string;
  traffickingStatus: string;
  sex: string;
  ageGroup: string;
  citizenship: string;
  province: string;
  district: string;
  identificationSource: string;
  leadAgencyId: string;
  exploitationTypes: string[];
  /** Every closure, oldest first, with when it was reopened (null: still closed). */
  closures: Closure[];
}

export interface Closure {
  closedAt: string;
  reason: string | null;
  reopenedAt: string | null;
}

export interface StatReferral {
  referralId: string;
  caseId: string;
  fromAgencyId: string;
  toAgencyId: string;
  services: string[];
  urgency: string;
  /** The case's province when the referral was made. */
  province: string;
  requestedAt: string;
  acknowledgedAt: string | null;
  decidedAt: string | null;
  completedAt: string | null;
  withdrawnAt: string | null;
  status: string;
  declineReason: string | null;
  outcome: string | null;
  /** The services the receiving agency recorded as delivered when it completed the referral. */
  servicesDelivered: string[];
  /** Went past its deadline unanswered (stays so once recorded). */
  overdue: boolean;
}

export interface StatisticsOfCase {
  case: StatCase | null;
  referrals: Map<string, StatReferral>;
  /** Referrals changed by the events folded, to be saved. */
  changed: Set<string>;
}

/** Applies one case event to what the statistics keep of its case. */
export function foldStatistics(model: StatisticsOfCase, event: CaseEvent, version: number): void {
  if (event.type === 'case.opened.v1') {
    const d = event.data;
    model.case = {
      caseId: d.caseId,
      version,
      identifiedAt: d.identifiedAt,
      openedAt: d.openedAt,
      closedAt: null,
      closureReason: null,
      status: 'open',
      crimeType: d.crimeType,
      traffickingStatus: 'unassessed',
      sex: d.victim.sex,
      ageGroup: d.victim.ageGroup,
      citizenship: d.victim.citizenship.toUpperCase(),
      province: d.location.province,
      district: d.location.district,
      identificationSource: d.identificationSource,
      leadAgencyId: d.leadAgencyId,
      exploitationTypes: [...new Set(d.exploitationTypes)],
      closures: [],
    };
    return;
  }
  const kept = model.case;
  if (!kept) return;
  kept.version = version;
  const referral = (id: string, change: (r: StatReferral) => void) => {
    const known = model.referrals.get(id);
    if (!known) return;
    change(known);
    model.changed.add(id);
  };
  switch (event.type) {
    case 'case.screened.v1':
      kept.traffickingStatus = event.data.traffickingStatus;
      return;
    case 'case.reclassified.v1':
      kept.crimeType = event.data.to;
      return;
    case 'transfer.accepted.v1':
      kept.leadAgencyId = event.data.toAgencyId;
      return;
    case 'case.closed.v1': {
      kept.status = 'closed';
      kept.closedAt = event.data.closedAt;
      kept.closureReason = event.data.reason;
      // The history is queried as times: a time that is none is left out of it.
      const closedAt = instant(event.data.closedAt);
      if (closedAt) kept.closures.push({ closedAt, reason: event.data.reason, reopenedAt: null });
      return;
    }
    case 'case.reopened.v1': {
      kept.status = 'open';
      kept.closedAt = null;
      kept.closureReason = null;
      const last = kept.closures[kept.closures.length - 1];
      if (last && last.reopenedAt === null) {
        last.reopenedAt = instant(event.data.reopenedAt) ?? last.closedAt;
      }
      return;
    }
    case 'referral.requested.v1': {
      const d = event.data;
      model.referrals.set(d.referralId, {
        referralId: d.referralId,
        caseId: kept.caseId,
        fromAgencyId: d.fromAgencyId,
        toAgencyId: d.toAgencyId,
        services: [...new Set(d.services)],
        urgency: d.urgency,
        province: kept.province,
        requestedAt: d.requestedAt,
        acknowledgedAt: null,
        decidedAt: null,
        completedAt: null,
        withdrawnAt: null,
        status: 'requested',
        declineReason: null,
        outcome: null,
        servicesDelivered: [],
        overdue: false,
      });
      model.changed.add(d.referralId);
      return;
    }
    case 'referral.acknowledged.v1':
      return referral(event.data.referralId, (r) => {
        r.status = 'acknowledged';
        r.acknowledgedAt = event.data.acknowledgedAt;
      });
    case 'referral.accepted.v1':
      return referral(event.data.referralId, (r) => {
        r.status = 'accepted';
        r.decidedAt = event.data.acceptedAt;
      });
    case 'referral.declined.v1':
      return referral(event.data.referralId, (r) => {
        r.status = 'declined';
        r.decidedAt = event.data.declinedAt;
        r.declineReason = event.data.reason;
      });
    case 'referral.completed.v1':
      return referral(event.data.referralId, (r) => {
        r.status = 'completed';
        r.completedAt = event.data.completedAt;
        r.outcome = event.data.outcome;
        r.servicesDelivered = codes(event.data.servicesDelivered);
      });
    case 'referral.withdrawn.v1':
      return referral(event.data.referralId, (r) => {
        r.status = 'withdrawn';
        r.withdrawnAt = event.data.withdrawnAt;
      });
    case 'referral.overdue.v1':
      return referral(event.data.referralId, (r) => {
        r.overdue = true;
      });
    default:
      return;
  }
}

/**
 * The time as an ISO 8601 UTC instant, or null for what is not a time PostgreSQL takes (a year
 * from 1 to 9999, which Date.parse does not keep to).
 */
function instant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1 && year <= 9999 ? new Date(ms).toISOString() : null;
}

/** The distinct codes of a list, whatever the event holds. */
function codes(value: unknown): string[] {
  return Array.isArray(value)
    ? [...new Set(value.filter((code): code is string => typeof code === 'string'))]
    : [];
}
