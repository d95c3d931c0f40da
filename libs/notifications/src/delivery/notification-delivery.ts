import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AgencyNotification, AgencyRegistry } from '@app/access';
import { notificationIdOf } from '../relay/notification-plan';
import {
  AttemptOutcome,
  NotificationRepository,
  NotificationRow,
} from '../shared/notification.repository';
import { NotificationLedger } from '../shared/notification-ledger';
import { NewNotification, NotificationType, WebhookData } from '../shared/notification-types';
import { SendResult, WebhookSender } from './webhook-sender';

/**
 * How long a worker keeps an agency's webhook URL and secret: a change reaches deliveries within
 * this time. Saves a query and an unsealing per webhook.
 */
const TARGET_TTL_MS = 5_000;

/** Webhooks to the receiver whose final failure the sender is told of. */
const TOLD_TO_SENDER_ON_FAILURE: ReadonlySet<NotificationType> = new Set([
  'referral.requested',
  'referral.withdrawn',
  'referral.reminder',
  'transfer.requested',
]);

/** A delivery that failed and will be tried again (BullMQ's backoff decides when). */
export class DeliveryFailed extends Error {
  override readonly name = 'DeliveryFailed';
}

/**
 * One attempt at one notification: POST the webhook, then record what happened. A delivery is
 * recorded in the case's notifications stream (NotificationLedger), then marked in the table;
 * the last failed attempt likewise, and the agency that made the referral is told it could not
 * be notified.
 */
@Injectable()
export class NotificationDelivery implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationDelivery.name);
  private readonly targets = new LRUCache<string, { target: AgencyNotification | null }>({
    max: 10_000,
    ttl: TARGET_TTL_MS,
  });

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly ledger: NotificationLedger,
    private readonly agencies: AgencyRegistry,
    private readonly sender: WebhookSender,
  ) {}

  /**
   * `lastAttempt`: no retry follows a failure of this one. Throws DeliveryFailed when the attempt
   * failed and another will follow.
   */
  async attempt(
    notificationId: string,
    lastAttempt: boolean,
  ): Promise<'delivered' | 'failed' | 'done'> {
    const notification = await this.notifications.get(notificationId);
    // Settled already (a second job for it, or a retry after the outcome was recorded).
    if (!notification || notification.status !== 'pending') return 'done';
    const target = await this.targetOf(notification.agencyId);
    const at = new Date();
    const result: SendResult = target
      ? await this.sender.send(
          {
            url: target.webhookUrl,
            secret: target.secret,
            id: notification.notificationId,
            body: webhookBody(notification),
          },
          at,
        )
      : { delivered: false, statusCode: null, error: 'the agency has no webhook', durationMs: 0 };
    const outcome: AttemptOutcome = {
      at: at.toISOString(),
      statusCode: result.statusCode,
      error: result.error,
    };
    if (result.delivered) {
      await this.settle(notification, 'delivered', outcome, result.durationMs);
      return 'delivered';
    }
    if (!lastAttempt) {
      await this.notifications.attemptFailed(notificationId, outcome);
      throw new DeliveryFailed(result.error ?? 'not delivered');
    }
    // The sender's alert is recorded before the failure, so a crash in between cannot lose it
    // (recording it again is recording it once: its id is the failed notification's).
    await this.tellSender(notification);
    await this.settle(notification, 'failed', outcome, result.durationMs);
    return 'failed';
  }

  onApplicationShutdown(): void {
    this.sender.close();
  }

  private async targetOf(agencyId: string): Promise<AgencyNotification | null> {
    const kept = this.targets.get(agencyId);
    if (kept) return kept.target;
    const target = await this.agencies.notificationTarget(agencyId);
    // Only a target is kept: an agency registering its webhook is reached at the next attempt.
    if (target) this.targets.set(agencyId, { target });
    return target;
  }

  private async settle(
    notification: NotificationRow,
    status: 'delivered' | 'failed',
    outcome: AttemptOutcome,
    durationMs: number,
  ): Promise<void> {
    await this.ledger.outcome(notification, {
      status,
      attempts: notification.attempts + 1,
      firstAttemptAt: notification.firstAttemptAt ?? outcome.at,
      lastAttemptAt: outcome.at,
      lastStatusCode: outcome.statusCode,
      durationMs,
    });
    await this.notifications.settle(notification.notificationId, status, outcome);
  }

  /** A receiver that could not be notified: the agency that sent the referral is told. */
  private async tellSender(failed: NotificationRow): Promise<void> {
    if (!TOLD_TO_SENDER_ON_FAILURE.has(failed.type) || !('fromAgencyId' in failed.data)) return;
    const sender = failed.data.fromAgencyId;
    if (!(await this.agencies.withWebhooks([sender])).has(sender)) return;
    const source = `failed/${failed.notificationId}/${failed.round}`;
    const type = 'referral.notification-failed';
    const alert: NewNotification = {
      notificationId: notificationIdOf(source, type, sender),
      type,
      agencyId: sender,
      caseId: failed.caseId,
      referralId: failed.referralId ?? undefined,
      transferId: failed.transferId ?? undefined,
      source,
      data: { ...(failed.data as WebhookData), status: 'notification-failed' },
    };
    if (!(await this.ledger.record([alert]))) {
      this.logger.warn('notification queue unavailable: the sender is told once it is back');
    }
  }
}

/** The webhook's body: `{ type, timestamp, data }`, the time being when it was recorded. */
export function webhookBody(notification: NotificationRow): string {
  return JSON.stringify({
    type: notification.type,
    timestamp: notification.createdAt,
    data: notification.data,
  });
}
