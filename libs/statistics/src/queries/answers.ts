import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Queryable, SQL_CLIENT, SqlClient } from '@app/database';
import { STATISTICS_SUBSCRIPTION } from '../projection/statistics.projection';
import { inSnapshot } from './snapshot';

/** Answers kept per position of the projection (each a few tens of kilobytes at most). */
const ANSWERS_KEPT = 200;

/**
 * Statistics answers, each computed once for each position of the statistics projection: the
 * figures change only when the projection moves, so the same question asked again before that
 * gets the same answer without running its aggregates again (a console's charts, a dashboard,
 * many officers asking for the national figures). The position is the projection's checkpoint
 * and when it was set; a new one drops every answer kept. While there is none (a rebuild is filling the tables) no
 * answer is kept. Concurrent askers of the same question share one computation. An answer is
 * shared: callers must not change it.
 */
@Injectable()
export class StatisticsAnswers {
  private readonly answers = new LRUCache<string, Promise<object>>({ max: ANSWERS_KEPT });
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
      this.answers.clear();
      this.position = position;
    }
    if (position === null) return inSnapshot(this.sql, compute);
    const kept = this.answers.get(question);
    if (kept) return kept as Promise<T>;
    const answer = inSnapshot(this.sql, compute);
    this.answers.set(question, answer);
    // A failed computation is not kept: the next asker tries again.
    answer.catch(() => {
      if (this.answers.get(question) === answer) this.answers.delete(question);
    });
    return answer;
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
