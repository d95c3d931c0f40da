import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { logOutages } from '@app/redis';

/**
 * The queue's name is permanent: BullMQ keys every job under it, so a new name would strand
 * the jobs of the old one (the reconciler would queue them again from the notifications table,
 * but nothing would clean the old keys).
 */
export const NOTIFICATION_QUEUE = 'notifications';

/** A job is just the notification's id: the row in PostgreSQL holds everything else. */
export interface NotificationJob {
  notificationId: string;
}

/** Jobs stay this long after they end, so a second relay's add of the same id is ignored. */
const KEEP_COMPLETED_S = 24 * 3600;
const KEEP_FAILED_S = 30 * 24 * 3600;

/** Jitter of each retry's delay: between half and all of the exponential delay. */
const BACKOFF_JITTER = 0.5;

/** BullMQ job ids may not contain ':' or be all digits: a UUID is neither. */
export function jobOptions(config: AppConfig, notificationId: string): JobsOptions {
  return {
    jobId: notificationId,
    attempts: config.WEBHOOK_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.WEBHOOK_BACKOFF_MS, jitter: BACKOFF_JITTER },
    removeOnComplete: { age: KEEP_COMPLETED_S },
    removeOnFail: { age: KEEP_FAILED_S },
  };
}

/** The Redis connection options BullMQ is given, with the service's key prefix. */
export function bullPrefix(config: AppConfig): string {
  return `${config.REDIS_PREFIX}:bull`;
}

/**
 * The producer side of the notification queue. Adding never waits for Redis: with Redis down an
 * add fails at once (no offline queue, no wait for ready), the notification stays `pending` in
 * PostgreSQL, and the worker's reconciler queues it when Redis is back.
 */
@Injectable()
export class NotificationQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationQueue.name);
  private readonly redis: Redis;
  private queue: Promise<Queue<NotificationJob>> | null = null;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2_000,
      connectionName: 'safe-referral:notifications',
    });
    logOutages(this.redis, this.logger);
  }

  /**
   * The queue, made once Redis has answered: BullMQ asks the server for its version as soon as
   * a queue is made, and a queue whose first question failed (no offline queue) never recovers.
   * Once made, its commands fail at once while Redis is down and work again when it is back.
   */
  private ready(): Promise<Queue<NotificationJob>> {
    if (this.queue) return this.queue;
    if (this.redis.status !== 'ready') return Promise.reject(new Error('Redis unavailable'));
    const queue = new Queue<NotificationJob>(NOTIFICATION_QUEUE, {
      connection: this.redis,
      prefix: bullPrefix(this.config),
      skipWaitingForReady: true,
    });
    // Reported once per outage by the connection's own listener.
    queue.on('error', () => undefined);
    this.queue = queue.waitUntilReady().then(
      () => queue,
      async (error: unknown) => {
        this.queue = null;
        await queue.close().catch(() => undefined);
        throw error;
      },
    );
    return this.queue;
  }

  /** Queues the notifications; false when Redis could not take them (they stay pending). */
  async enqueue(notificationIds: string[]): Promise<boolean> {
    if (notificationIds.length === 0) return true;
    try {
      const queue = await this.ready();
      await queue.addBulk(
        notificationIds.map((notificationId) => ({
          name: 'deliver',
          data: { notificationId },
          opts: jobOptions(this.config, notificationId),
        })),
      );
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Makes sure a notification that is owed has a job that will run: queued again when its job is
   * gone (Redis lost it, or it ended long ago and was removed), retried when it ended as failed.
   * A job waiting, delayed or running is left alone. The webhook-id stays the notification's.
   */
  async ensureQueued(notificationId: string): Promise<'queued' | 'retried' | 'present'> {
    const queue = await this.ready();
    const job = await queue.getJob(notificationId);
    if (job) {
      const state = await job.getState();
      if (state === 'failed') {
        // A full set of attempts again, under the same id (and so the same webhook-id).
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return 'retried';
      }
      if (state !== 'completed' && state !== 'unknown') return 'present';
      await job.remove();
    }
    await queue.add('deliver', { notificationId }, jobOptions(this.config, notificationId));
    return 'queued';
  }

  /** Whether an error of this queue means Redis is not there (rather than one job's trouble). */
  unavailable(error: Error): boolean {
    return (
      this.redis.status !== 'ready' ||
      /unavailable|writeable|Connection is closed/i.test(error.message)
    );
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    const queue = await this.queue?.catch(() => null);
    await queue?.close().catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
