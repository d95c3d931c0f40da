import { EventEmitter } from 'node:events';
import {
  BatchEventHandler,
  EventHandler,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { SubscriptionStorage } from './checkpoint-store';
import { CheckpointedSubscription, SubscriptionSource } from './checkpointed-subscription';

/**
 * An adapter's subscriptions: started over its `readAll`, woken at once by its own appends,
 * stopped together when the store closes. Shared by every adapter.
 */
export class SubscriptionHub {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly running = new Set<CheckpointedSubscription>();

  constructor(
    private readonly source: Pick<SubscriptionSource, 'readAll' | 'headPosition'>,
    private readonly storage: SubscriptionStorage,
    private readonly defaults: SubscribeOptions,
  ) {}

  notifyAppended(): void {
    this.appended.emit('appended');
  }

  subscribe(
    name: string,
    handler: EventHandler | BatchEventHandler,
    options: SubscribeOptions,
  ): Subscription {
    const subscription = new CheckpointedSubscription(
      name,
      handler,
      {
        readAll: (from, limit) => this.source.readAll(from, limit),
        headPosition: () => this.source.headPosition(),
        onAppended: (listener) => {
          this.appended.on('appended', listener);
          return () => this.appended.off('appended', listener);
        },
      },
      this.storage,
      { ...this.defaults, ...options },
    ).start();
    this.running.add(subscription);
    const running = this.running;
    return {
      name,
      get active() {
        return subscription.active;
      },
      get checkpoint() {
        return subscription.checkpoint;
      },
      get stalled() {
        return subscription.stalled;
      },
      caughtUp: (timeoutMs) => subscription.caughtUp(timeoutMs),
      stop: async () => {
        running.delete(subscription);
        await subscription.stop();
      },
      handOver: () => {
        running.delete(subscription);
        return subscription.handOver();
      },
    };
  }

  async stopAll(): Promise<void> {
    const all = [...this.running];
    this.running.clear();
    await Promise.all(all.map((s) => s.stop()));
  }
}
