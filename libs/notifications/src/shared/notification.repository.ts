import { Inject, Injectable } from '@nestjs/common';
import { Queryable, SQL_CLIENT, SqlClient, WriteBatcher } from '@app/database';
import {
  AnchorWebhookData,
  NewNotification,
  NotificationStatus,
  NotificationType,
  WebhookData,
} from './notification-types';

export interface NotificationRow {
  notificationId: string;
  seq: string;
  type: NotificationType;
  agencyId: string;
  caseId: string | null;
  referralId: string | null;
  transferId: string | null;
  source: string;
  data: WebhookData | AnchorWebhookData;
  status: NotificationStatus;
  attempts: number;
  round: number;
  createdAt: string;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** What one attempt found: the receiver's status code, or why there was none. */
export interface AttemptOutcome {
  at: string;
  statusCode: number | null;
  /** A short reason (timeout, refused, status 500): never the receiver's body or an address. */
  error: string | null;
}

interface Settlement {
  notificationId: string;
  status: 'delivered' | 'failed';
  outcome: AttemptOutcome;
}

export interface NotificationFilter {
  status?: NotificationStatus;
  agencyId?: string;
  caseId?: string;
  /** Only notifications to this agency (an agency's own admin). */
  visibleTo?: string;
  afterSeq: string | null;
  limit: number;
}

const COLUMNS = `notification_id, seq::text AS seq, type, agency_id, case_id, referral_id, transfer_id,
  source, data, status, attempts, round, created_at, first_attempt_at, last_attempt_at,
  delivered_at, last_status_code, last_error`;

interface Row {
  notification_id: string;
  seq: string;
  type: NotificationType;
  agency_id: string;
  case_id: string | null;
  referral_id: string | null;
  transfer_id: string | null;
  source: string;
  data: WebhookData | AnchorWebhookData;
  status: NotificationStatus;
  attempts: number;
  round: number;
  created_at: Date;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function toNotification(row: Row): NotificationRow {
  return {
    notificationId: row.notification_id,
    seq: row.seq,
    type: row.type,
    agencyId: row.agency_id,
    caseId: row.case_id,
    referralId: row.referral_id,
    transferId: row.transfer_id,
    source: row.source,
    data: row.data,
    status: row.status,
    attempts: row.attempts,
    round: row.round,
    createdAt: row.created_at.toISOString(),
    firstAttemptAt: iso(row.first_attempt_at),
    lastAttemptAt: iso(row.last_attempt_at),
    deliveredAt: iso(row.delivered_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
  };
}

/**
 * The `notifications` table: the record of every webhook owed, its attempts and its outcome.
 * A notification's id is derived from what caused it, so recording it twice records it once.
 */
@Injectable()
export class NotificationRepository {
  /** Outcomes of deliveries finishing together are written in one statement. */
  private readonly outcomes: WriteBatcher<Settlement, void>;
  /** Notifications that deliveries starting together look up are read in one statement. */
  private readonly lookups: WriteBatcher<string, NotificationRow | null>;

  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {
    this.outcomes = new WriteBatcher((items) => this.settleAll(items), 500, 2);
    this.lookups = new WriteBatcher((ids) => this.getAll(ids), 500, 2);
  }

  /** Records the notifications not recorded yet; returns the ids that are new. */
  async insert(db: Queryable, notifications: NewNotification[]): Promise<string[]> {
    if (notifications.length === 0) return [];
    const { rows } = await db.query<{ notification_id: string }>(
      `INSERT INTO notifications
         (notification_id, type, agency_id, case_id, referral_id, transfer_id, source, data)
       SELECT n.notification_id, n.type, n.agency_id, n.case_id, n.referral_id, n.transfer_id,
              n.source, n.data
         FROM jsonb_to_recordset($1::jsonb) AS n(notification_id uuid, type text, agency_id text,
              case_id uuid, referral_id uuid, transfer_id uuid, source text, data jsonb)
       ON CONFLICT (notification_id) DO NOTHING
       RETURNING notification_id`,
      [
        JSON.stringify(
          notifications.map((n) => ({
            notification_id: n.notificationId,
            type: n.type,
            agency_id: n.agencyId,
            case_id: n.caseId,
            referral_id: n.referralId ?? null,
            transfer_id: n.transferId ?? null,
            source: n.source,
            data: n.data,
          })),
        ),
      ],
    );
    return rows.map((row) => row.notification_id);
  }

  get(notificationId: string): Promise<NotificationRow | null> {
    return this.lookups.submit(notificationId);
  }

  private async getAll(ids: string[]): Promise<(NotificationRow | null)[]> {
    const { rows } = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM notifications WHERE notification_id = ANY($1::uuid[])`,
      [ids],
      { name: 'notifications.get-all' },
    );
    const found = new Map(rows.map((row) => [row.notification_id, toNotification(row)]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  }

  /** An attempt that did not deliver; the notification stays pending until its last attempt. */
  async attemptFailed(notificationId: string, outcome: AttemptOutcome): Promise<void> {
    await this.sql.query(
      `UPDATE notifications SET attempts = attempts + 1,
         first_attempt_at = COALESCE(first_attempt_at, $2), last_attempt_at = $2,
         last_status_code = $3, last_error = $4
       WHERE notification_id = $1 AND status = 'pending'`,
      [notificationId, outcome.at, outcome.statusCode, outcome.error],
    );
  }

  /**
   * The attempt that delivered, or the last one that did not: the notification's outcome.
   * A notification no longer pending (settled by another attempt) is left as it is.
   */
  settle(
    notificationId: string,
    status: 'delivered' | 'failed',
    outcome: AttemptOutcome,
  ): Promise<void> {
    return this.outcomes.submit({ notificationId, status, outcome });
  }

  private async settleAll(items: Settlement[]): Promise<void[]> {
    await this.sql.query(
      `UPDATE notifications n SET status = s.status, attempts = n.attempts + 1,
         first_attempt_at = COALESCE(n.first_attempt_at, s.at), last_attempt_at = s.at,
         delivered_at = CASE WHEN s.status = 'delivered' THEN s.at END,
         last_status_code = s.status_code, last_error = s.error
       FROM jsonb_to_recordset($1::jsonb) AS s(notification_id uuid, status text,
            at timestamptz, status_code integer, error text)
       WHERE n.notification_id = s.notification_id AND n.status = 'pending'`,
      [
        JSON.stringify(
          items.map((item) => ({
            notification_id: item.notificationId,
            status: item.status,
            at: item.outcome.at,
            status_code: item.outcome.statusCode,
            error: item.outcome.error,
          })),
        ),
      ],
    );
    return items.map(() => undefined);
  }

  /** A failed notification owed again (an operator's retry): a new round, the same id. */
  async reopen(notificationId: string, visibleTo?: string): Promise<NotificationRow | null> {
    const { rows } = await this.sql.query<Row>(
      `UPDATE notifications SET status = 'pending', round = round + 1
       WHERE notification_id = $1 AND status = 'failed' AND ($2::text IS NULL OR agency_id = $2)
       RETURNING ${COLUMNS}`,
      [notificationId, visibleTo ?? null],
    );
    return rows[0] ? toNotification(rows[0]) : null;
  }

  /** Pending notifications recorded at least `olderThanMs` ago, in order, after `afterSeq`. */
  async pending(
    olderThanMs: number,
    limit: number,
    afterSeq: string | null = null,
  ): Promise<{ notificationId: string; seq: string }[]> {
    const { rows } = await this.sql.query<{ notification_id: string; seq: string }>(
      `SELECT notification_id, seq::text AS seq FROM notifications
       WHERE status = 'pending' AND created_at <= now() - make_interval(secs => $1::float8 / 1000)
         AND ($3::bigint IS NULL OR seq > $3)
       ORDER BY seq LIMIT $2`,
      [olderThanMs, limit, afterSeq],
    );
    return rows.map((row) => ({ notificationId: row.notification_id, seq: row.seq }));
  }

  /** How many notifications are owed, and since when the oldest. */
  async backlog(): Promise<{ pending: number; oldestPendingAt: string | null }> {
    const { rows } = await this.sql.query<{ pending: string; oldest: Date | null }>(
      `SELECT count(*) AS pending, min(created_at) AS oldest FROM notifications
       WHERE status = 'pending'`,
    );
    return { pending: Number(rows[0].pending), oldestPendingAt: iso(rows[0].oldest) };
  }

  /** Newest first, `limit + 1` rows so that the caller knows whether a next page follows. */
  async list(filter: NotificationFilter): Promise<NotificationRow[]> {
    const { rows } = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM notifications
       WHERE ($1::text IS NULL OR status = $1)
         AND ($2::text IS NULL OR agency_id = $2)
         AND ($3::uuid IS NULL OR case_id = $3)
         AND ($4::text IS NULL OR agency_id = $4)
         AND ($5::bigint IS NULL OR seq < $5)
       ORDER BY seq DESC LIMIT $6`,
      [
        filter.status ?? null,
        filter.agencyId ?? null,
        filter.caseId ?? null,
        filter.visibleTo ?? null,
        filter.afterSeq,
        filter.limit + 1,
      ],
    );
    return rows.map(toNotification);
  }
}
