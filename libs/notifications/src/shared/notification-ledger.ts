import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { notificationStreamOf } from '@app/audit-trail';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { EVENT_STORE, EventStore, NewEvent } from '@app/event-store';
import { NotificationQueue } from './notification-queue';
import { NewNotification } from './notification-types';
import { NotificationRepository, NotificationRow } from './notification.repository';

const LEDGER_EVENT_NAMESPACE = '0c8e4b1a-7d2f-4e9c-a6b3-5f1d8e2c7a94';

const SYSTEM_ACTOR = { agencyId: 'system', role: 'system' };

/** Where webhooks about no case (audit anchors sent to oversight agencies) are recorded. */
export const CASELESS_NOTIFICATIONS_STREAM = 'notifications-audit-anchors';

function streamOf(caseId: string | null): string {
  return caseId ? notificationStreamOf(caseId) : CASELESS_NOTIFICATIONS_STREAM;
}

/** What one round of attempts came to, as recorded for auditors. */
export interface RecordedOutcome {
  status: 'delivered' | 'failed';
  attempts: number;
  firstAttemptAt: string;
  lastAttemptAt: string;
  lastStatusCode: number | null;
  durationMs: number;
}

/**
 * The case's notifications stream (`notifications-<caseId>`): each webhook owed
 * (`notification.requested.v1`) and what became of it (`notification.delivered.v1` /
 * `notification.failed.v1`), hash-chained like every stream, so the referral path and an audit
 * bundle show who was told what and when from the event log alone. The case's own stream (and
 * so `If-Match`) never moves because a receiver answered. Event ids derive from the
 * notification (and its round), so recording again after a crash records once. Never personal
 * data: ids, agencies, types, times and status codes.
 */
@Injectable()
export class NotificationLedger {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly notifications: NotificationRepository,
    private readonly queue: NotificationQueue,
  ) {}

  /**
   * Notifications owed outside the relay (reminders, a sender's alert, anchors to witnesses):
   * their rows, then every one of them as owed (not only the new rows: a repeat after a crash
   * records what was missed), then the new rows' jobs. False when the queue is unavailable:
   * the rows wait as pending for the reconciler.
   */
  async record(notifications: NewNotification[]): Promise<boolean> {
    if (notifications.length === 0) return true;
    const created = await this.notifications.insert(this.sql, notifications);
    await this.owed(notifications);
    return this.queue.enqueue(created);
  }

  /**
   * Records notifications as owed: each its own append (its event id makes a repeat a no-op,
   * whatever else was recorded with it before), one stream after another per case.
   */
  async owed(notifications: NewNotification[]): Promise<void> {
    const byStream = new Map<string, NewNotification[]>();
    for (const n of notifications) {
      const stream = streamOf(n.caseId);
      byStream.set(stream, [...(byStream.get(stream) ?? []), n]);
    }
    await Promise.all(
      [...byStream].map(async ([stream, owed]) => {
        for (const n of owed) {
          await this.store.append(
            stream,
            [
              {
                eventId: uuidv5(`${n.notificationId}/requested`, LEDGER_EVENT_NAMESPACE),
                type: 'notification.requested.v1',
                data: this.identity(n),
                metadata: { actor: SYSTEM_ACTOR, causationId: n.notificationId },
              },
            ],
            { expectedVersion: 'any' },
          );
        }
      }),
    );
  }

  /** The outcome of a notification's round: delivered, or failed after its last attempt. */
  async outcome(notification: NotificationRow, outcome: RecordedOutcome): Promise<void> {
    const event: NewEvent = {
      eventId: uuidv5(
        `${notification.notificationId}/${outcome.status}/${notification.round}`,
        LEDGER_EVENT_NAMESPACE,
      ),
      type: outcome.status === 'delivered' ? 'notification.delivered.v1' : 'notification.failed.v1',
      // What an auditor needs of the delivery: no body, no address, no personal data.
      data: {
        ...this.identity(notification),
        attempts: outcome.attempts,
        firstAttemptAt: outcome.firstAttemptAt,
        lastAttemptAt: outcome.lastAttemptAt,
        ...(outcome.status === 'delivered' ? { deliveredAt: outcome.lastAttemptAt } : {}),
        lastStatusCode: outcome.lastStatusCode,
        durationMs: outcome.durationMs,
      },
      metadata: {
        recordedAt: outcome.lastAttemptAt,
        actor: SYSTEM_ACTOR,
        causationId: notification.notificationId,
      },
    };
    await this.store.append(streamOf(notification.caseId), [event], {
      expectedVersion: 'any',
    });
  }

  private identity(n: {
    notificationId: string;
    type: string;
    agencyId: string;
    referralId?: string | null;
    transferId?: string | null;
  }) {
    return {
      notificationId: n.notificationId,
      type: n.type,
      agencyId: n.agencyId,
      ...(n.referralId ? { referralId: n.referralId } : {}),
      ...(n.transferId ? { transferId: n.transferId } : {}),
    };
  }
}
