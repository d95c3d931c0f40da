import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { HeldLock, settledAll, SQL_CLIENT, SqlClient } from '@app/database';
import {
  CheckpointStore,
  EVENT_STORE,
  EventStore,
  GlobalPosition,
  isReplayable,
  ProjectionReplay,
  RecordedEvent,
  ReplayableHandler,
  START_POSITION,
  SubscriptionRunner,
} from '@app/event-store';
import { ApplicationError } from '@app/http';
import { ShadowTables } from './shadow-tables';

/** A projection that can be rebuilt: its runner, and the tables it alone writes. */
export interface RebuildableProjection {
  /** Short name used by operators (`statistics`, `read-models`). */
  name: string;
  runner: SubscriptionRunner;
  tables: string[];
}

export interface RebuildProgress {
  name: string;
  subscription: string;
  state: 'idle' | 'rebuilding' | 'done' | 'failed';
  eventsHandled: number;
  /** Events in the log when the rebuild started, where the store can tell (SQL stores). */
  eventsTotal: number | null;
  eventsPerSecond: number | null;
  /** What a rebuild is doing (null when it is not running). */
  step: RebuildStep | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/** The steps of a rebuild, in order. */
export const REBUILD_STEPS = [
  'copying tables',
  'reading the log',
  'writing rows',
  'building indexes',
  'analyzing and vacuuming',
  'putting the tables in place',
] as const;
export type RebuildStep = (typeof REBUILD_STEPS)[number];

export class ProjectionNotFoundError extends ApplicationError {
  constructor() {
    super('not-found', 'No such projection.');
  }
}

export class ProjectionBusyError extends ApplicationError {
  constructor(detail: string) {
    super('conflict', detail, { retryable: true });
  }
}

const shuttingDown = () =>
  new ProjectionBusyError('The service is shutting down: rebuild again once it runs.');

const lostLock = (subscription: string) =>
  new ProjectionBusyError(
    `The rebuild lost the lock of ${subscription}, so another process may deliver it: rebuild again.`,
  );

const PAGE = 2_000;
const LOCK_ATTEMPTS = 50;
const LOCK_RETRY_MS = 100;

/**
 * Rebuilds projections from position zero while the service runs: their subscribers here are
 * paused, keeping the subscriptions' locks they held or else taking them (so no other process
 * delivers meanwhile), empty copies of their tables made (ShadowTables), the whole log read
 * once, the next page fetched while each projection's replay folds the last in memory and
 * writes the copies, the copies' indexes built, then the copies put in place of the tables with
 * the checkpoints set to where the log ended, in one transaction, and the subscribers resumed.
 * Until then readers see the tables as they were (behind the log by the rebuild's time, not
 * empty); a rebuild that fails changes nothing. Commands are never affected.
 */
@Injectable()
export class ProjectionRebuilds implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectionRebuilds.name);
  private readonly projections = new Map<string, RebuildableProjection>();
  private readonly progress = new Map<string, RebuildProgress>();
  /** The rebuild each projection is part of while it runs. */
  private readonly running = new Map<string, Promise<RebuildProgress[]>>();
  /** Each running rebuild's way to stop, saying why (the service shutting down). */
  private readonly stops = new Set<(why: Error) => void>();
  private shuttingDown = false;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * A rebuild running when the service shuts down stops writing and fails, changing nothing,
   * before the database closes; the subscribers are not resumed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const stop of this.stops) stop(shuttingDown());
    await Promise.allSettled([...new Set(this.running.values())]);
  }

  register(projection: RebuildableProjection): void {
    // A rebuild fills copies of the tables, through the replay alone.
    if (!isReplayable(projection.runner.handler)) {
      throw new Error(
        `projection ${projection.name} cannot be rebuilt: its handler does not replay`,
      );
    }
    this.projections.set(projection.name, projection);
  }

  names(): string[] {
    return [...this.projections.keys()].sort();
  }

  status(name: string): RebuildProgress {
    const projection = this.projections.get(name);
    if (!projection) throw new ProjectionNotFoundError();
    return (
      this.progress.get(name) ?? {
        name,
        subscription: projection.runner.subscriptionName,
        state: 'idle',
        eventsHandled: 0,
        eventsTotal: null,
        eventsPerSecond: null,
        step: null,
        startedAt: null,
        finishedAt: null,
        error: null,
      }
    );
  }

  /** Starts a rebuild of one projection (or joins the one running) and answers at once. */
  start(name: string): { progress: RebuildProgress; done: Promise<RebuildProgress> } {
    const projection = this.projections.get(name);
    if (!projection) throw new ProjectionNotFoundError();
    if (this.shuttingDown) throw shuttingDown();
    const done = this.running.get(name) ?? this.begin([projection]);
    return {
      progress: this.status(name),
      done: done.then((all) => all.find((p) => p.name === name)!),
    };
  }

  /**
   * Starts a rebuild of every projection in one read of the log (or joins the one running) and
   * answers at once. Refused while some but not all of them are rebuilding.
   */
  startAll(): { progress: RebuildProgress[]; done: Promise<RebuildProgress[]> } {
    if (this.shuttingDown) throw shuttingDown();
    const names = this.names();
    const joined = new Set(names.map((name) => this.running.get(name)));
    let done: Promise<RebuildProgress[]>;
    if (joined.size === 1 && !joined.has(undefined)) {
      done = [...joined][0]!;
    } else if (joined.size === 1) {
      done = this.begin(names.map((name) => this.projections.get(name)!));
    } else {
      throw new ProjectionBusyError(
        `Some projections are rebuilding already (${names.filter((n) => this.running.has(n)).join(', ')}): wait for them to finish.`,
      );
    }
    return { progress: names.map((name) => this.status(name)), done };
  }

  private begin(projections: RebuildableProjection[]): Promise<RebuildProgress[]> {
    const done = this.rebuild(projections).finally(() => {
      for (const { name } of projections) this.running.delete(name);
    });
    for (const { name } of projections) this.running.set(name, done);
    return done;
  }

  private async rebuild(projections: RebuildableProjection[]): Promise<RebuildProgress[]> {
    const started = performance.now();
    // Rebuilding from the moment it is asked for, so nobody reads the last rebuild's "done".
    const progress = projections.map((projection): RebuildProgress => {
      const each: RebuildProgress = {
        ...this.status(projection.name),
        state: 'rebuilding',
        eventsHandled: 0,
        eventsTotal: null,
        eventsPerSecond: null,
        step: 'copying tables',
        startedAt: new Date().toISOString(),
        finishedAt: null,
        error: null,
      };
      this.progress.set(projection.name, each);
      return each;
    });
    const update = (fields: Partial<RebuildProgress>) => {
      for (const each of progress) Object.assign(each, fields);
    };
    /** Seconds each step took, for the log line. */
    const took: string[] = [];
    let stepStarted = started;
    const step = (next: RebuildStep | null) => {
      const now = performance.now();
      took.push(`${progress[0].step} ${((now - stepStarted) / 1000).toFixed(1)} s`);
      stepStarted = now;
      update({ step: next });
    };
    const runners = projections.map((projection) => projection.runner);
    const locks: HeldLock[] = [];
    const shadows: ShadowTables[] = [];
    /** Why the rebuild stops (a lock's session ended, the service shutting down), if it does. */
    let halted: Error | null = null;
    // Nothing more is written: another process may deliver, or rebuild, meanwhile.
    const halt = (why: Error) => {
      halted ??= why;
      for (const shadow of shadows) shadow.stop(halted);
    };
    const check = () => {
      if (halted) throw halted;
    };
    this.stops.add(halt);
    try {
      update({ eventsTotal: await this.eventCount() });
      for (const runner of runners) {
        // The subscriber's own lock where this process delivers (no other replica can take it
        // in between); otherwise taken once the replica that delivers lets it go, if it does.
        const lock =
          (await runner.pauseHoldingLock()) ?? (await this.lock(runner.subscriptionName));
        locks.push(lock);
        void lock.lost.then(() => halt(lostLock(runner.subscriptionName)));
        check();
      }
      // Where the subscribers stopped: the swap moves the checkpoints on from there only.
      const stoppedAt = await this.checkpoints(runners.map((runner) => runner.subscriptionName));
      for (const { name, tables } of projections) {
        const shadow = await ShadowTables.prepare(this.sql, name, tables);
        shadows.push(shadow);
        if (halted) shadow.stop(halted);
      }
      step('reading the log');
      const end = await this.replay(
        runners.map((runner, i) =>
          (runner.handler as ReplayableHandler).startReplay(shadows[i].client(), {
            beforeFirstFlush: () => shadows[i].buildIndexes(),
          }),
        ),
        (handled) =>
          update({
            eventsHandled: handled,
            eventsPerSecond: Math.round(
              (handled * 1000) / Math.max(1, performance.now() - started),
            ),
          }),
        () => step('writing rows'),
        // A lock lost is found at once, not after the whole log.
        check,
      );
      step('building indexes');
      await ShadowTables.complete(this.sql, shadows, () => step('analyzing and vacuuming'));
      step('putting the tables in place');
      await ShadowTables.swap(
        this.sql,
        shadows,
        async (tx) => {
          // Another process that took a subscription over meanwhile would write onto tables it
          // has not seen: the rebuild gives way (and its copies are dropped).
          const checkpoints = new CheckpointStore(tx);
          for (const runner of runners) {
            const name = runner.subscriptionName;
            check();
            if (!(await checkpoints.reset(name, end, stoppedAt.get(name) ?? null))) {
              throw new ProjectionBusyError(
                `Another process moved the checkpoint of ${name} during the rebuild: rebuild again.`,
              );
            }
          }
        },
        // Each lock's session asked on the server before the tables are taken, not while they
        // are held: a session cut without a word takes a while to answer.
        async () => {
          check();
          for (const [i, runner] of runners.entries()) {
            if (!((await locks[i].stillHeld?.()) ?? true)) throw lostLock(runner.subscriptionName);
          }
        },
      );
      shadows.length = 0;
      step(null);
      // The rate over the whole rebuild, the writing of what the replays held included.
      update({
        eventsPerSecond: Math.round(
          (progress[0].eventsHandled * 1000) / Math.max(1, performance.now() - started),
        ),
      });
      update({ state: 'done', finishedAt: new Date().toISOString() });
      const names = projections.map((p) => p.name).join(', ');
      this.logger.log(
        `rebuilt ${names}: ${progress[0].eventsHandled} events at ${progress[0].eventsPerSecond ?? 0} events/s (${took.join(', ')})`,
      );
    } catch (error) {
      update({
        state: 'failed',
        step: null,
        finishedAt: new Date().toISOString(),
        // Our own refusals say why in words of ours; anything else only by its class.
        error:
          error instanceof ApplicationError
            ? error.message
            : error instanceof Error
              ? error.name
              : 'error',
      });
      this.logger.error(
        `rebuild of ${projections.map((p) => p.name).join(', ')} failed: ${progress[0].error}`,
      );
    } finally {
      this.stops.delete(halt);
      // The subscribers deliver again first: dropping the copies may wait for what holds them.
      for (const lock of locks) await lock.release().catch(() => undefined);
      // Not while the service shuts down: its subscribers have stopped for good.
      if (!this.shuttingDown) for (const runner of runners) await runner.resume();
      // A failed rebuild's copies: the live tables and checkpoints are as they were.
      for (const shadow of shadows) {
        await shadow.discard().catch((error: Error) => {
          this.logger.warn(
            `dropping ${shadow.schema} after a failed rebuild failed (the next rebuild drops it): ${error.name}`,
          );
        });
      }
    }
    return progress;
  }

  /**
   * The whole log through the replays, read once: each page is fetched while the replays work
   * on the one before. The position it ended at.
   */
  private async replay(
    replays: ProjectionReplay[],
    handled: (events: number) => void,
    read: () => void,
    /** Called before each page: throws to stop. */
    check: () => void,
  ): Promise<GlobalPosition> {
    let position = START_POSITION;
    let events = 0;
    let next = this.store.readAll(position, PAGE);
    try {
      for (;;) {
        const page: RecordedEvent[] = await next;
        check();
        if (page.length === 0) break;
        position = page[page.length - 1].position;
        next = this.store.readAll(position, PAGE);
        for (const replay of replays) await replay.add(page);
        events += page.length;
        handled(events);
      }
      read();
      // What each replay holds is written at once, the projections' writes side by side; all of
      // them settle before a failure is reported, so that none still writes once the
      // subscribers resume.
      await settledAll(replays.map((replay) => replay.finish()));
      return position;
    } finally {
      // A failed handler leaves a read in flight: its outcome is no longer wanted.
      next.catch(() => undefined);
    }
  }

  private async lock(subscription: string) {
    for (let attempt = 1; ; attempt++) {
      const held = await this.sql.tryLock(`subscription:${subscription}`);
      if (held) return held;
      if (attempt >= LOCK_ATTEMPTS) {
        throw new ProjectionBusyError(
          `Another process delivers ${subscription} and keeps it: rebuild there, or stop it first.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }

  /** The stored checkpoint of each subscription that has one. */
  private async checkpoints(names: string[]): Promise<Map<string, string>> {
    const { rows } = await this.sql.query<{ name: string; position: string }>(
      'SELECT name, position FROM subscription_checkpoints WHERE name = ANY($1)',
      [names],
    );
    return new Map(rows.map((row) => [row.name, row.position]));
  }

  private async eventCount(): Promise<number | null> {
    try {
      const { rows } = await this.sql.query<{ n: string }>('SELECT count(*) AS n FROM events');
      return Number(rows[0].n);
    } catch {
      return null;
    }
  }
}
