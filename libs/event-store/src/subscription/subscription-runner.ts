import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HeldLock } from '@app/database';
import {
  BatchEventHandler,
  EventHandler,
  EventStore,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';

export interface RunnerOptions extends Omit<SubscribeOptions, 'from'> {
  /**
   * With no checkpoint yet, start after the events already stored instead of at position zero:
   * for a processor that acts on the world (sends webhooks), whose first deployment must not act
   * on the whole past again.
   */
  startAtHead?: boolean;
}

/**
 * One handler on a checkpointed subscription of its own for the life of the app: subscribed at
 * bootstrap, stopped before shutdown (before the database closes). Every replica runs it; the
 * subscription's lock makes exactly one of them deliver. A read model, a processor that acts on
 * events, an outbox relay: each is one of these with a name of its own.
 *
 * The name is permanent: a new name starts from position zero (a rebuild), and the checkpoint
 * under the old one is left behind.
 */
export abstract class SubscriptionRunner
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger: Logger;
  private subscription: Subscription | null = null;

  protected constructor(
    private readonly store: EventStore,
    readonly subscriptionName: string,
    readonly handler: EventHandler | BatchEventHandler,
    private readonly options: RunnerOptions = {},
  ) {
    this.logger = new Logger(`${new.target.name}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.resume();
  }

  /** Stops delivering here (a rebuild), releasing the subscription's lock if this process held it. */
  async pause(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /**
   * Stops delivering here (a rebuild) as `pause` does, but keeps the subscription's lock for the
   * caller if this process held it (null if not): no other replica takes it over meanwhile.
   */
  async pauseHoldingLock(): Promise<HeldLock | null> {
    const lock = (await this.subscription?.handOver()) ?? null;
    this.subscription = null;
    return lock;
  }

  /** Subscribes again from the stored checkpoint (after a rebuild), or for the first time. */
  async resume(): Promise<void> {
    if (this.subscription) return;
    const { startAtHead, ...options } = this.options;
    const from = startAtHead ? await this.store.headPosition() : null;
    this.subscription = await this.store.subscribe(this.subscriptionName, this.handler, {
      ...options,
      ...(from ? { from } : {}),
    });
    this.logger.log(`subscribed as ${this.subscriptionName}`);
  }

  /** Resolves once every event stored so far has been handled (tests, rebuilds). */
  async caughtUp(timeoutMs?: number): Promise<void> {
    await this.subscription?.caughtUp(timeoutMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pause();
  }
}
