import { CaseState, evolve, ReferralState, TransferState, upcast } from '@app/domain';

/** An event as a stream holds it: what the referral path and a replay are derived from. */
export interface StoredEvent {
  version: number;
  eventId: string;
  type: string;
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export type NotificationOutcome = 'delivered' | 'failed' | 'pending';

export interface NotificationPathItem {
  notificationId: string;
  type: string;
  agencyId: string;
  status: NotificationOutcome;
  attempts: number;
  firstAttemptAt?: string;
  deliveredAt?: string;
  lastStatusCode?: number;
}

export interface ReferralPathItem {
  referralId: string;
  fromAgencyId: string;
  toAgencyId: string;
  services: string[];
  urgency: string;
  status: string;
  requestedAt: string;
  acknowledgeBy: string;
  acknowledgedAt?: string;
  decidedAt?: string;
  completedAt?: string;
  outcome?: string;
  declineReason?: string;
  hoursToAcknowledge?: number;
  hoursToDecision?: number;
  /** Whether the referral went past its deadline unanswered (it stays so once recorded). */
  overdue: boolean;
  overdueRecordedAt?: string;
  notifications: NotificationPathItem[];
}

export interface TransferPathItem {
  transferId: string;
  fromAgencyId: string;
  toAgencyId: string;
  status: string;
  requestedAt: string;
  decidedAt?: string;
  hoursToDecision?: number;
  notifications: NotificationPathItem[];
}

export interface ReferralPath {
  caseId: string;
  /** The case's version at the point replayed to (0: the case did not exist yet). */
  version: number;
  items: ReferralPathItem[];
  transfers: TransferPathItem[];
}

/** The stream of a case's notifications and their outcomes. */
export function notificationStreamOf(caseId: string): string {
  return `notifications-${caseId}`;
}

/** The case replayed from its events as they stood at `asOf` (all of them without it). */
export function caseAsOf(
  caseEvents: readonly StoredEvent[],
  asOf?: Date,
): { state: CaseState | null; version: number } {
  let state: CaseState | null = null;
  let version = 0;
  for (const event of within(caseEvents, asOf)) {
    state = evolve(state, upcast(event.type, event.data));
    version = event.version;
  }
  return { state, version };
}

/**
 * Every hand-off of a case in order, with how long each receiver took to answer and what became
 * of each notification, derived from the case's stream and its notifications stream alone: the
 * API answers with it, and the audit CLI computes the same from an exported bundle.
 */
export function referralPath(
  caseId: string,
  caseEvents: readonly StoredEvent[],
  notificationEvents: readonly StoredEvent[],
  asOf?: Date,
): ReferralPath {
  const { state, version } = caseAsOf(caseEvents, asOf);
  // Outcomes carry the time of their attempt, so this stream is not in time order: each event
  // is taken or left on its own.
  const notifications = notificationsOf(
    asOf
      ? notificationEvents.filter((e) => Date.parse(e.recordedAt) <= asOf.getTime())
      : notificationEvents,
  );
  const of = (key: string) => notifications.get(key) ?? [];
  return {
    caseId,
    version,
    items: (state?.referrals ?? []).map((r) => referralItem(r, of(`referral/${r.referralId}`))),
    transfers: (state?.transfers ?? []).map((t) => transferItem(t, of(`transfer/${t.transferId}`))),
  };
}

function referralItem(r: ReferralState, notifications: NotificationPathItem[]): ReferralPathItem {
  return {
    referralId: r.referralId,
    fromAgencyId: r.fromAgencyId,
    toAgencyId: r.toAgencyId,
    services: [...r.services],
    urgency: r.urgency,
    status: r.status,
    requestedAt: r.requestedAt,
    acknowledgeBy: r.acknowledgeBy,
    ...optional('acknowledgedAt', r.acknowledgedAt),
    ...optional('decidedAt', r.decidedAt),
    ...optional('completedAt', r.completedAt),
    ...optional('outcome', r.outcome),
    ...optional('declineReason', r.declineReason),
    ...optional('hoursToAcknowledge', hoursBetween(r.requestedAt, r.acknowledgedAt)),
    ...optional('hoursToDecision', hoursBetween(r.requestedAt, r.decidedAt)),
    overdue: r.markedOverdueAt !== undefined,
    ...optional('overdueRecordedAt', r.markedOverdueAt),
    notifications,
  };
}

function transferItem(t: TransferState, notifications: NotificationPathItem[]): TransferPathItem {
  return {
    transferId: t.transferId,
    fromAgencyId: t.fromAgencyId,
    toAgencyId: t.toAgencyId,
    status: t.status,
    requestedAt: t.requestedAt,
    ...optional('decidedAt', t.decidedAt),
    ...optional('hoursToDecision', hoursBetween(t.requestedAt, t.decidedAt)),
    notifications,
  };
}

/** Decimal hours between two recorded times, to two places (`1.25`). */
export function hoursBetween(from: string, to: string | undefined): number | undefined {
  if (to === undefined) return undefined;
  return Math.round((Date.parse(to) - Date.parse(from)) / 36_000) / 100;
}

interface NotificationRecord {
  notificationId?: unknown;
  type?: unknown;
  agencyId?: unknown;
  referralId?: unknown;
  transferId?: unknown;
  attempts?: unknown;
  firstAttemptAt?: unknown;
  deliveredAt?: unknown;
  lastStatusCode?: unknown;
}

/**
 * Each notification once, by hand-off (`referral/<id>` or `transfer/<id>`), in the order it was
 * first recorded: pending once requested, then as its latest outcome says (a failed one retried
 * by an operator and then delivered ends delivered).
 */
function notificationsOf(events: Iterable<StoredEvent>): Map<string, NotificationPathItem[]> {
  const byId = new Map<string, { handoff: string; item: NotificationPathItem }>();
  for (const event of events) {
    const status = OUTCOME_OF_TYPE[event.type];
    if (!status) continue;
    const record = (event.data ?? {}) as NotificationRecord;
    if (typeof record.notificationId !== 'string') continue;
    const handoff =
      typeof record.referralId === 'string'
        ? `referral/${record.referralId}`
        : typeof record.transferId === 'string'
          ? `transfer/${record.transferId}`
          : null;
    if (!handoff) continue;
    const known = byId.get(record.notificationId);
    if (status === 'pending' && known) continue;
    byId.set(record.notificationId, {
      handoff,
      item: {
        notificationId: record.notificationId,
        type: String(record.type),
        agencyId: String(record.agencyId),
        status,
        attempts: typeof record.attempts === 'number' ? record.attempts : 0,
        ...optional('firstAttemptAt', stringOrUndefined(record.firstAttemptAt)),
        ...optional('deliveredAt', stringOrUndefined(record.deliveredAt)),
        ...optional(
          'lastStatusCode',
          typeof record.lastStatusCode === 'number' ? record.lastStatusCode : undefined,
        ),
      },
    });
  }
  const byHandoff = new Map<string, NotificationPathItem[]>();
  for (const { handoff, item } of byId.values()) {
    byHandoff.set(handoff, [...(byHandoff.get(handoff) ?? []), item]);
  }
  return byHandoff;
}

const OUTCOME_OF_TYPE: Readonly<Record<string, NotificationOutcome>> = {
  'notification.requested.v1': 'pending',
  'notification.delivered.v1': 'delivered',
  'notification.failed.v1': 'failed',
};

function* within(events: readonly StoredEvent[], asOf?: Date): Iterable<StoredEvent> {
  for (const event of events) {
    if (asOf && Date.parse(event.recordedAt) > asOf.getTime()) return;
    yield event;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
