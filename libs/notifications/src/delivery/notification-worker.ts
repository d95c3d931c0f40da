import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { logOutages } from '@app/redis';
import { bullPrefix, NOTIFICATION_QUEUE, NotificationJob } from '../shared/notification-queue';
import { NotificationDelivery } from './notification-delivery';

/** Time a worker has to finish its DB work after the webhook's own timeout, before its job is stalled. */
const LOCK_MARGIN_MS = 10_000;

/**
 * Runs the notification jobs: `WEBHOOK_CONCURRENCY` at once per process. A worker that dies
 * mid-delivery leaves its jobs locked; BullMQ's stalled-job check hands them to another worker
 * (or to this one, restarted) once the lock expires, a little after the webhook timeout.
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationWorker.name);
  private worker: Worker<NotificationJob> | null = null;
  private connection: Redis | null = null;
  private redisUp = false;

  constructor(
    private readonly config: AppConfig,
    private readonly delivery: NotificationDelivery,
  ) {}

  /** Whether the worker's Redis connection is ready (the worker's health). */
  get connected(): boolean {
    return this.redisUp;
  }

  onApplicationBootstrap(): void {
    // Workers block on Redis: they need requests to wait for a reconnection, not fail.
    this.connection = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
      connectionName: 'safe-referral:notification-worker',
    });
    logOutages(this.connection, this.logger);
    this.connection.on('ready', () => (this.redisUp = true));
    this.connection.on('close', () => (this.redisUp = false));
    const lockDuration = this.config.WEBHOOK_TIMEOUT_MS + LOCK_MARGIN_MS;
    this.worker = new Worker<NotificationJob>(
      NOTIFICATION_QUEUE,
      async (job) => {
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const outcome = await this.delivery.attempt(job.data.notificationId, last);
        // Failed for good: the job ends as failed, for an operator to retry.
        if (outcome === 'failed') throw new UnrecoverableError('not delivered');
        return outcome;
      },
      {
        connection: this.connection,
        prefix: bullPrefix(this.config),
        concurrency: this.config.WEBHOOK_CONCURRENCY,
        lockDuration,
        stalledInterval: lockDuration,
        maxStalledCount: 5,
      },
    );
    // Reported once per outage by the connection's own listener.
    this.worker.on('error', () => undefined);
  }

  /**
   * Lets the deliveries in flight finish (each is bounded by the webhook timeout). Without Redis
   * there is nothing to finish and nothing to wait for: the connection is dropped at once.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    if (!this.redisUp) {
      this.connection?.disconnect();
      await worker.close(true).catch(() => undefined);
      return;
    }
    // Redis may go while closing: deliveries get their timeout and a margin, then are let go.
    const deadline = new Promise((resolve) =>
      setTimeout(resolve, this.config.WEBHOOK_TIMEOUT_MS + LOCK_MARGIN_MS).unref(),
    );
    await Promise.race([worker.close().catch(() => undefined), deadline]);
    this.connection?.disconnect();
  }
}
