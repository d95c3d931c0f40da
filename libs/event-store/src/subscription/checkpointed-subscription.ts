import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { HeldLock } from '@app/database';
import {
  BatchEventHandler,
  EventHandler,
  GlobalPosition,
  RecordedEvent,
  START_POSITION,
  SubscribeOptions,
  Subscription,
  SubscriptionStall,
} from '../event-store.port';
import { comparePositions, formatPosition } from '../position';
import { Checkpoints, errorSummary, SubscriptionStorage } from './checkpoint-store';

export interface SubscriptionSource {
  readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]>;
  /** Position of the last committed event in the global log, or null when it is empty. */
  headPosition(): Promise<GlobalPosition | null>;
  /** Registers a callback run when this process appends, to deliver without waiting a poll. */
  onAppended(listener: () => void): () => void;
}

const MAX_BACKOFF_MS = 30_000;
/** Between attempts to reach the store again after it failed (lock, read, checkpoint). */
const MAX_OUTAGE_BACKOFF_MS = 5_000;

interface Outcome {
  /** Position of the last event handled, or null when none was. */
  handled: GlobalPosition | null;
  failed: { event: RecordedEvent; error: unknown } | null;
}

/**
 * Catch-up-then-live delivery of the global log to one handler, shared by every adapter.
 * Only the holder of the subscription's lock delivers; the others stand by and take over when
 * it stops or dies. The checkpoint advances after events are handled (at-least-once) and only
 * by compare-and-set, so a processor that lost its lock cannot move it backwards.
 *
 * Never silent when stuck: a handler that fails on an event is retried with back-off, the
 * failure is logged once per event (its position and type, never its data), and the stall is
 * kept with the checkpoint, where every replica's readiness reports it. A batch that fails is
 * handled again one event at a time, so the events before the one at fault are not held up and
 * the stall names that one. A store that cannot be reached is logged once per outage.
 */
export class CheckpointedSubscription implements Subscription {
  private readonly logger: Logger;
  private readonly checkpoints: Checkpoints;
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
  private stall: SubscriptionStall | null = null;
  private outageSince: number | null = null;
  private outages = 0;
  /** Set by `handOver`: the lock held when delivery stops is kept, not released. */
  private keepLock = false;
  private kept: HeldLock | null = null;

  constructor(
    readonly name: string,
    private readonly handler: EventHandler | BatchEventHandler,
    private readonly source: SubscriptionSource,
    private readonly storage: SubscriptionStorage,
    private readonly options: SubscribeOptions = {},
  ) {
    this.logger = new Logger(`Subscription:${name}`);
    this.checkpoints = storage.checkpoints;
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

  /** The event this process's handler keeps failing on, while it does. */
  get stalled(): SubscriptionStall | null {
    return this.stall && { ...this.stall };
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

  async handOver(): Promise<HeldLock | null> {
    this.keepLock = true;
    await this.stop();
    const lock = this.kept;
    this.kept = null;
    return lock;
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
      let lost = false;
      try {
        lock = await this.storage.tryLock(`subscription:${this.name}`);
        void lock?.lost.then(() => (lost = true));
        if (!lock) {
          // Standing by: the store answered, which is all a standby needs of it.
          this.recovered();
          await this.idle();
          continue;
        }
        this.activeState = true;
        await this.deliver(lock);
      } catch (error) {
        this.outages++;
        this.interrupted(error);
        await this.pause(
          Math.min(MAX_OUTAGE_BACKOFF_MS, this.pollIntervalMs * 2 ** Math.min(this.outages, 10)),
        );
      } finally {
        this.activeState = false;
        // Handed over only when delivery ends because it was asked to stop, and only a lock
        // still held (its session alive).
        const handed =
          lock !== null &&
          this.keepLock &&
          this.stopped &&
          !lost &&
          ((await lock.stillHeld?.().catch(() => false)) ?? true);
        if (handed) this.kept = lock;
        else await lock?.release();
      }
    }
  }

  /** Logged once per outage, however long it lasts. */
  private interrupted(error: unknown): void {
    if (this.outageSince !== null) return;
    this.outageSince = Date.now();
    this.logger.error(`interrupted: ${errorSummary(error)}; retrying with back-off`);
  }

  private recovered(): void {
    this.outages = 0;
    if (this.outageSince === null) return;
    this.logger.log(`resumed after ${Date.now() - this.outageSince} ms`);
    this.outageSince = null;
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
    while (!this.stopped && !lockLost) {
      const batch = await this.source.readAll(position, this.batchSize);
      // Reading works again: whatever interrupted delivery is over.
      this.recovered();
      if (batch.length === 0) {
        await this.idle();
        continue;
      }
      const { handled, failed } = await this.handle(batch, () => this.stopped || lockLost);
      if (handled) {
        if (!(await this.checkpoints.save(this.name, position, handled))) {
          this.logger.warn('checkpoint moved by another processor; standing by');
          return;
        }
        position = handled;
        this.checkpointState = handled;
        this.releaseCaughtUpWaiters();
        if (this.stall && comparePositions(handled, this.stall.position) >= 0) this.unstalled();
      }
      if (failed) {
        const attempts = await this.stalledOn(position, failed.event, failed.error);
        await this.pause(
          Math.min(MAX_BACKOFF_MS, this.pollIntervalMs * 2 ** Math.min(attempts, 10)),
        );
      } else if (batch.length < this.batchSize && this.lingerMs > 0) {
        // Live: let the events of the next few ms gather into one batch.
        await this.pause(this.lingerMs);
      }
    }
  }

  /** Hands the batch over; on failure finds the event at fault, handling those before it. */
  private async handle(batch: RecordedEvent[], interrupted: () => boolean): Promise<Outcome> {
    const handler = this.handler;
    const one =
      typeof handler === 'function'
        ? handler
        : (event: RecordedEvent) => handler.handleBatch([event]);
    if (typeof handler !== 'function') {
      try {
        await handler.handleBatch(batch);
        return { handled: batch[batch.length - 1].position, failed: null };
      } catch (error) {
        if (batch.length === 1) return { handled: null, failed: { event: batch[0], error } };
      }
    }
    let handled: GlobalPosition | null = null;
    for (const event of batch) {
      if (interrupted()) break;
      try {
        await one(event);
        handled = event.position;
      } catch (error) {
        return { handled, failed: { event, error } };
      }
    }
    return { handled, failed: null };
  }

  /**
   * Records another failed attempt at `event` (the checkpoint being at `checkpoint`); returns how
   * many there have been, counting those of a processor before this one (a restart, a failover).
   */
  private async stalledOn(
    checkpoint: GlobalPosition,
    event: RecordedEvent,
    error: unknown,
  ): Promise<number> {
    if (this.stall && comparePositions(this.stall.position, event.position) === 0) {
      this.stall.attempts++;
      this.stall.error = errorSummary(error);
    } else {
      const before = await this.checkpoints.stallAt(this.name, event.position).catch(() => null);
      this.stall = {
        position: event.position,
        eventType: event.type,
        since: before?.since ?? new Date().toISOString(),
        attempts: (before?.attempts ?? 0) + 1,
        error: errorSummary(error),
      };
      this.logger.error(
        `cannot handle the event at position ${formatPosition(event.position)} ` +
          `(${event.streamId} version ${event.version}, ${event.type}): ${this.stall.error}; ` +
          'retrying with back-off until it succeeds',
      );
    }
    await this.checkpoints.markStalled(this.name, checkpoint, this.stall).catch(() => undefined);
    return this.stall.attempts;
  }

  private unstalled(): void {
    if (!this.stall) return;
    this.logger.log(
      `handled the event at position ${formatPosition(this.stall.position)} after ` +
        `${this.stall.attempts} failed attempts`,
    );
    this.stall = null;
  }

  private releaseCaughtUpWaiters(): void {
    const ready = this.caughtUpWaiters.filter((w) => this.reached(w.target));
    this.caughtUpWaiters = this.caughtUpWaiters.filter((w) => !this.reached(w.target));
    for (const waiter of ready) waiter.resolve();
  }
}
