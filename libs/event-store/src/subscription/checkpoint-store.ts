import { Queryable } from '@app/database';
import { GlobalPosition } from '../event-store.port';
import { formatPosition, parsePosition } from '../position';

/** Subscription checkpoints in PostgreSQL, saved with compare-and-set. */
export class CheckpointStore {
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

  /** False when the stored checkpoint is no longer `expected`: another processor moved it. */
  async save(name: string, expected: GlobalPosition, next: GlobalPosition): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE subscription_checkpoints SET position = $3, updated_at = now()
        WHERE name = $1 AND position = $2 RETURNING name`,
      [name, formatPosition(expected), formatPosition(next)],
    );
    return rows.length === 1;
  }
}
