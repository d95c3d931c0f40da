import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BatchEventHandler, EventHandler, EventStore, Subscription } from '../event-store.port';

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
    private readonly handler: EventHandler | BatchEventHandler,
  ) {
    this.logger = new Logger(`${new.target.name}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.store.subscribe(this.subscriptionName, this.handler);
    this.logger.log(`subscribed as ${this.subscriptionName}`);
  }

  /** Resolves once every event stored so far has been handled (tests, rebuilds). */
  async caughtUp(timeoutMs?: number): Promise<void> {
    await this.subscription?.caughtUp(timeoutMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
