import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { HeldLock, SqlClient } from '@app/database';
import {
  BatchEventHandler,
  EventHandler,
  GlobalPosition,
  RecordedEvent,
  START_POSITION,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { comparePositions } from '../position';
import { CheckpointStore } from './checkpoint-store';

export interface SubscriptionSource {
  readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]>;
  /** Position of the last committed event in the global log, or null when it is empty. */
  headPosition(): Promise<GlobalPosition | null>;
  /** Registers a callback run when this process appends, to deliver without waiting a poll. */
  onAppended(listener: () => void): () => void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Catch-up-then-live delivery of the global log to one handler, shared by every adapter.
 * Only the holder of the subscription's lock delivers; the others stand by and take over when
 * it stops or dies. The checkpoint advances after events are handled (at-least-once) and only
 * by compare-and-set, so a processor that lost its lock cannot move it backwards.
 */
export class CheckpointedSubscription implements Subscription {
  private readonly logger: Logger;
  private readonly checkpoints: CheckpointStore;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lingerMs: number;
  private stopped = false;
  private readonly stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private pendingWake = false;
  private removeListener: () => void = () => undefined;
  private caughtUpWaiters: Array<{ target: GlobalPosition; resolve: () => void }> = [];
  private activeState = false;
  private checkpointState: GlobalPosition | null = null;

  constructor(
    readonly name: string,
    private readonly handler: EventHandler | BatchEventHandler,
    private readonly source: SubscriptionSource,
    private readonly sql: SqlClient,
    private readonly options: SubscribeOptions = {},
  ) {
    this.logger = new Logger(`Subscription:${name}`);
    this.checkpoints = new CheckpointStore(sql);
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.lingerMs = options.lingerMs ?? 0;
  }

  get active(): boolean {
    return this.activeState;
  }

  get checkpoint(): GlobalPosition | null {
    return this.checkpointState;
  }

  start(): this {
    this.removeListener = this.source.onAppended(() => this.signal());
    this.running = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.removeListener();
    this.signal();
    await this.running;
    for (const waiter of this.caughtUpWaiters.splice(0)) waiter.resolve();
  }

  /**
   * Waits until every event committed before the call has been handled and checkpointed. Judged
   * by position, not by an empty read: a read can come back empty while an older transaction
   * anywhere on the server still holds the visibility horizon back.
   */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    const target = await this.source.headPosition();
    if (!target || this.reached(target)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.caughtUpWaiters = this.caughtUpWaiters.filter((w) => w !== waiter);
        reject(new Error(`subscription ${this.name} did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.caughtUpWaiters.push(waiter);
      this.signal();
    });
  }

  private reached(target: GlobalPosition): boolean {
    return this.checkpointState !== null && comparePositions(this.checkpointState, target) >= 0;
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }

  private signal(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async idle(): Promise<void> {
    if (this.pendingWake || this.stopped) {
      this.pendingWake = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
    this.pendingWake = false;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let lock: HeldLock | null = null;
      try {
        lock = await this.sql.tryLock(`subscription:${this.name}`);
        if (!lock) {
          await this.idle();
          continue;
        }
        this.activeState = true;
        await this.deliver(lock);
      } catch (error) {
        this.logger.error(`subscription failed, retrying: ${(error as Error).message}`);
        await this.pause(this.pollIntervalMs);
      } finally {
        this.activeState = false;
        await lock?.release();
      }
    }
  }

  private async deliver(lock: HeldLock): Promise<void> {
    let lockLost = false;
    void lock.lost.then(() => {
      lockLost = true;
      this.signal();
    });
    let position = await this.checkpoints.load(this.name, this.options.from ?? START_POSITION);
    this.checkpointState = position;
    this.releaseCaughtUpWaiters();
    let failures = 0;
    while (!this.stopped && !lockLost) {
      const batch = await this.source.readAll(position, this.batchSize);
      if (batch.length === 0) {
        await this.idle();
        continue;
      }
      let handled = position;
      let failed: unknown = null;
      if (typeof this.handler !== 'function') {
        try {
          await this.handler.handleBatch(batch);
          handled = batch[batch.length - 1].position;
        } catch (error) {
          failed = error;
        }
      } else {
        for (const event of batch) {
          if (this.stopped || lockLost) break;
          try {
            await this.handler(event);
            handled = event.position;
          } catch (error) {
            failed = error;
            break;
          }
        }
      }
      if (handled !== position) {
        if (!(await this.checkpoints.save(this.name, position, handled))) {
          this.logger.warn('checkpoint moved by another processor; standing by');
          return;
        }
        position = handled;
        this.checkpointState = handled;
        this.releaseCaughtUpWaiters();
      }
      if (failed) {
        failures++;
        const delay = Math.min(MAX_BACKOFF_MS, this.pollIntervalMs * 2 ** Math.min(failures, 10));
        this.logger.error(
          `handler failed (attempt ${failures}), retrying in ${delay} ms: ${(failed as Error).message}`,
        );
        await this.pause(delay);
      } else {
        failures = 0;
        // Live: let the events of the next few ms gather into one batch.
        if (batch.length < this.batchSize && this.lingerMs > 0) await this.pause(this.lingerMs);
      }
    }
  }

  private releaseCaughtUpWaiters(): void {
    const ready = this.caughtUpWaiters.filter((w) => this.reached(w.target));
    this.caughtUpWaiters = this.caughtUpWaiters.filter((w) => !this.reached(w.target));
    for (const waiter of ready) waiter.resolve();
  }
}
