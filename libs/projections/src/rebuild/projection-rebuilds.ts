import { Inject, Injectable, Logger } from '@nestjs/common';
import { SQL_CLIENT, SqlClient } from '@app/database';
import {
  BatchEventHandler,
  CheckpointStore,
  EVENT_STORE,
  EventStore,
  GlobalPosition,
  RecordedEvent,
  START_POSITION,
  SubscriptionRunner,
} from '@app/event-store';
import { ApplicationError } from '@app/http';

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
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

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

const PAGE = 2_000;
const LOCK_ATTEMPTS = 50;
const LOCK_RETRY_MS = 100;

/**
 * Rebuilds a projection from position zero while the service runs: its subscriber here is
 * paused, the subscription's lock taken (so no other process delivers meanwhile), its tables
 * emptied and its checkpoint reset in one transaction, then the whole log is fed to its handler
 * page by page, the checkpoint set to where it ended, and the subscriber resumed. Reads see the
 * projection fill up again; commands are never affected.
 */
@Injectable()
export class ProjectionRebuilds {
  private readonly logger = new Logger(ProjectionRebuilds.name);
  private readonly projections = new Map<string, RebuildableProjection>();
  private readonly progress = new Map<string, RebuildProgress>();
  private readonly running = new Map<string, Promise<RebuildProgress>>();

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  register(projection: RebuildableProjection): void {
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
        startedAt: null,
        finishedAt: null,
        error: null,
      }
    );
  }

  /** Starts a rebuild (or joins the one running) and answers at once; `done` waits for it. */
  start(name: string): { progress: RebuildProgress; done: Promise<RebuildProgress> } {
    const projection = this.projections.get(name);
    if (!projection) throw new ProjectionNotFoundError();
    let done = this.running.get(name);
    if (!done) {
      done = this.rebuild(projection).finally(() => this.running.delete(name));
      this.running.set(name, done);
    }
    return { progress: this.status(name), done };
  }

  private async rebuild(projection: RebuildableProjection): Promise<RebuildProgress> {
    const { name, runner } = projection;
    const started = performance.now();
    // Rebuilding from the moment it is asked for, so nobody reads the last rebuild's "done".
    const progress: RebuildProgress = {
      ...this.status(name),
      state: 'rebuilding',
      eventsHandled: 0,
      eventsTotal: null,
      eventsPerSecond: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    this.progress.set(name, progress);
    progress.eventsTotal = await this.eventCount();
    await runner.pause();
    try {
      const lock = await this.lock(runner.subscriptionName);
      try {
        await this.sql.transaction(async (tx) => {
          for (const table of projection.tables) await tx.query(`TRUNCATE ${table}`);
          await tx.query('DELETE FROM subscription_checkpoints WHERE name = $1', [
            runner.subscriptionName,
          ]);
        });
        const end = await this.replay(runner.handler as BatchEventHandler, progress, started);
        const checkpoints = new CheckpointStore(this.sql);
        await checkpoints.load(runner.subscriptionName, START_POSITION);
        await checkpoints.save(runner.subscriptionName, START_POSITION, end);
      } finally {
        await lock.release();
      }
      Object.assign(progress, { state: 'done', finishedAt: new Date().toISOString() });
      this.logger.log(
        `rebuilt ${name}: ${progress.eventsHandled} events at ${progress.eventsPerSecond ?? 0} events/s`,
      );
    } catch (error) {
      Object.assign(progress, {
        state: 'failed',
        finishedAt: new Date().toISOString(),
        // Our own refusals say why in words of ours; anything else only by its class.
        error:
          error instanceof ApplicationError
            ? error.message
            : error instanceof Error
              ? error.name
              : 'error',
      });
      this.logger.error(`rebuild of ${name} failed: ${progress.error}`);
    } finally {
      await runner.resume();
    }
    return progress;
  }

  /** The whole log through the handler, page by page; the position it ended at. */
  private async replay(
    handler: BatchEventHandler,
    progress: RebuildProgress,
    started: number,
  ): Promise<GlobalPosition> {
    let position = START_POSITION;
    for (;;) {
      const page: RecordedEvent[] = await this.store.readAll(position, PAGE);
      if (page.length === 0) return position;
      await handler.handleBatch(page);
      position = page[page.length - 1].position;
      progress.eventsHandled += page.length;
      progress.eventsPerSecond = Math.round(
        (progress.eventsHandled * 1000) / Math.max(1, performance.now() - started),
      );
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

  private async eventCount(): Promise<number | null> {
    try {
      const { rows } = await this.sql.query<{ n: string }>('SELECT count(*) AS n FROM events');
      return Number(rows[0].n);
    } catch {
      return null;
    }
  }
}
