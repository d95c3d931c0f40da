import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Queryable, SQL_CLIENT, SqlClient } from '@app/database';
import { STATISTICS_SUBSCRIPTION } from '../projection/statistics.projection';
import { inSnapshot } from './snapshot';

/** What the answers kept may take, by the length of their JSON (about their size in memory). */
const KEPT_CHARACTERS = 32 * 1024 * 1024;
/** An answer larger than this is computed each time it is asked, not kept. */
const KEPT_CHARACTERS_EACH = 4 * 1024 * 1024;

/**
 * Statistics answers, each computed once for each position of the statistics projection: the
 * figures change only when the projection moves, so the same question asked again before that
 * gets the same answer without running its aggregates again (a console's charts, a dashboard,
 * many officers asking for the national figures). The position is the projection's checkpoint
 * and when it was set; a new one drops every answer kept (a rebuild puts its tables in place
 * with a new one). While there is none (a projection that has not yet saved one) no answer is
 * kept. Concurrent askers of the same question share one
 * computation; a failure is not kept. The checkpoint is saved just after the projection's
 * writes commit, so for that moment (longer only if saving it fails and another replica takes
 * the subscription over) an answer kept from before them is still given: figures are current
 * within seconds, as the contract says. An answer is shared: callers must not change it.
 */
@Injectable()
export class StatisticsAnswers {
  private readonly kept = new LRUCache<string, object>({
    maxSize: KEPT_CHARACTERS,
    maxEntrySize: KEPT_CHARACTERS_EACH,
    sizeCalculation: (answer) => Math.max(1, JSON.stringify(answer).length),
  });
  private readonly computing = new Map<string, Promise<object>>();
  /** The projection's position the kept answers are for. */
  private position: string | null = null;

  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** The answer to `question` (a key naming the query and its parameters, k included). */
  async answer<T extends object>(
    question: string,
    compute: (db: Queryable) => Promise<T>,
  ): Promise<T> {
    const position = await this.projectionPosition();
    if (position !== this.position) {
      this.kept.clear();
      this.computing.clear();
      this.position = position;
    }
    if (position === null) return inSnapshot(this.sql, compute);
    const kept = this.kept.get(question) ?? this.computing.get(question);
    if (kept) return kept as Promise<T> | T;
    const answer = inSnapshot(this.sql, compute);
    this.computing.set(question, answer);
    try {
      const computed = await answer;
      if (this.position === position) this.kept.set(question, computed);
      return computed;
    } finally {
      if (this.computing.get(question) === answer) this.computing.delete(question);
    }
  }

  private async projectionPosition(): Promise<string | null> {
    // With the time it was set: a rebuild ending where the log did sets the same position anew.
    const { rows } = await this.sql.query<{ position: string }>(
      `SELECT position || ' ' || updated_at::text AS position
         FROM subscription_checkpoints WHERE name = $1`,
      [STATISTICS_SUBSCRIPTION],
    );
    return rows[0]?.position ?? null;
  }
}
