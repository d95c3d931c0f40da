import { HeldLock, Queryable, SqlClient } from '@app/database';
import { GlobalPosition, SubscriptionStall } from '../event-store.port';
import { formatPosition, parsePosition } from '../position';

/** What every replica can tell of a subscription, whichever of them is delivering it. */
export interface SubscriptionState {
  name: string;
  checkpoint: string;
  updatedAt: string;
  stalled: (Omit<SubscriptionStall, 'position'> & { position: string }) | null;
}

interface StateRow {
  name: string;
  position: string;
  updated_at: Date | string;
  stalled_since: Date | string | null;
  stalled_position: string | null;
  stalled_event_type: string | null;
  stalled_error: string | null;
  stalled_attempts: number | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Where subscriptions keep their checkpoints and take their locks: PostgreSQL for every adapter
 * (SqlSubscriptionStorage), memory for the in-memory store.
 */
export interface SubscriptionStorage {
  /** One holder at a time across processes; null when another holds it. */
  tryLock(name: string): Promise<HeldLock | null>;
  checkpoints: Checkpoints;
}

export interface Checkpoints {
  load(name: string, initial: GlobalPosition): Promise<GlobalPosition>;
  save(name: string, expected: GlobalPosition, next: GlobalPosition): Promise<boolean>;
  markStalled(name: string, checkpoint: GlobalPosition, stall: SubscriptionStall): Promise<void>;
  stallAt(
    name: string,
    position: GlobalPosition,
  ): Promise<{ since: string; attempts: number } | null>;
}

/** Checkpoints in `subscription_checkpoints`, locks as advisory locks. */
export function sqlSubscriptionStorage(sql: SqlClient): SubscriptionStorage {
  return { tryLock: (name) => sql.tryLock(name), checkpoints: new CheckpointStore(sql) };
}

/** Subscription checkpoints in PostgreSQL, saved with compare-and-set. */
export class CheckpointStore implements Checkpoints {
  constructor(private readonly sql: Queryable) {}

  async load(name: string, initial: GlobalPosition): Promise<GlobalPosition> {
    await this.sql.query(
      'INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, formatPosition(initial)],
    );
    const { rows } = await this.sql.query<{ position: string }>(
      'SELECT position FROM subscription_checkpoints WHERE name = $1',
      [name],
    );
    return parsePosition(rows[0].position);
  }

  /**
   * False when the stored checkpoint is no longer `expected`: another processor moved it. Moving
   * on clears a stall: the event it was stuck on is handled.
   */
  async save(name: string, expected: GlobalPosition, next: GlobalPosition): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE subscription_checkpoints SET position = $3, updated_at = now(),
              stalled_since = NULL, stalled_position = NULL, stalled_event_type = NULL,
              stalled_error = NULL, stalled_attempts = NULL
        WHERE name = $1 AND position = $2 RETURNING name`,
      [name, formatPosition(expected), formatPosition(next)],
    );
    return rows.length === 1;
  }

  /**
   * The checkpoint moved to `position` from `expected` (its stored text; null: none stored), its
   * stall cleared: a rebuild that has refilled the projection's tables up to there, in the
   * transaction that puts them in place. False when it is no longer `expected` (another
   * processor moved it meanwhile).
   */
  async reset(name: string, position: GlobalPosition, expected: string | null): Promise<boolean> {
    const { rows } =
      expected === null
        ? await this.sql.query(
            `INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2)
             ON CONFLICT (name) DO NOTHING RETURNING name`,
            [name, formatPosition(position)],
          )
        : await this.sql.query(
            `UPDATE subscription_checkpoints SET position = $3, updated_at = now(),
                    stalled_since = NULL, stalled_position = NULL, stalled_event_type = NULL,
                    stalled_error = NULL, stalled_attempts = NULL
              WHERE name = $1 AND position = $2 RETURNING name`,
            [name, expected, formatPosition(position)],
          );
    return rows.length === 1;
  }

  /**
   * Records the stall of a processor whose checkpoint is `checkpoint`: one that lost the
   * subscription meanwhile (the checkpoint moved) records nothing.
   */
  async markStalled(
    name: string,
    checkpoint: GlobalPosition,
    stall: SubscriptionStall,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE subscription_checkpoints
          SET stalled_since = $2, stalled_position = $3, stalled_event_type = $4,
              stalled_error = $5, stalled_attempts = $6
        WHERE name = $1 AND position = $7`,
      [
        name,
        stall.since,
        formatPosition(stall.position),
        stall.eventType,
        stall.error,
        stall.attempts,
        formatPosition(checkpoint),
      ],
    );
  }

  /** The stall recorded at `position` (by this process or one before it), if any. */
  async stallAt(
    name: string,
    position: GlobalPosition,
  ): Promise<{ since: string; attempts: number } | null> {
    const { rows } = await this.sql.query<{ since: Date | string; attempts: number | null }>(
      `SELECT stalled_since AS since, stalled_attempts AS attempts FROM subscription_checkpoints
        WHERE name = $1 AND stalled_position = $2 AND stalled_since IS NOT NULL`,
      [name, formatPosition(position)],
    );
    return rows[0] ? { since: iso(rows[0].since), attempts: rows[0].attempts ?? 0 } : null;
  }

  async states(): Promise<SubscriptionState[]> {
    const { rows } = await this.sql.query<StateRow>(
      `SELECT name, position, updated_at, stalled_since, stalled_position, stalled_event_type,
              stalled_error, stalled_attempts
         FROM subscription_checkpoints ORDER BY name`,
    );
    return rows.map((row) => ({
      name: row.name,
      checkpoint: row.position,
      updatedAt: iso(row.updated_at),
      stalled:
        row.stalled_since && row.stalled_position
          ? {
              position: row.stalled_position,
              eventType: row.stalled_event_type ?? 'unknown',
              since: iso(row.stalled_since),
              attempts: row.stalled_attempts ?? 1,
              error: row.stalled_error ?? 'Error',
            }
          : null,
    }));
  }
}

/** An error as logs and health details may name it: its class and code, not its message. */
export function errorSummary(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? `${name} (${code})` : name;
}
