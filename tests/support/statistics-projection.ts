import { v7 as uuidv7 } from 'uuid';
import { ACCESS_MIGRATIONS } from '@app/access';
import { migrate, PgSqlClient } from '@app/database';
import { Actor, CaseCommand, CaseEvent, CaseState, decide, evolve } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { STATISTICS_MIGRATIONS, StatisticsProjection } from '@app/statistics';
import { createTestDatabase, TestDatabase } from './test-database';

export interface CaseStep {
  /** When the command is decided (ms since the epoch). */
  at: number;
  actor: Actor;
  command: CaseCommand;
}

/**
 * A case's events as the log would hand them to a projection, from `position` on: each command
 * decided by the domain at its time on the state the events before it left.
 */
export function recordedCase(steps: CaseStep[], position: number): RecordedEvent[] {
  let state: CaseState | null = null;
  const events: Array<{ event: CaseEvent; at: number }> = [];
  for (const { at, actor, command } of steps) {
    for (const event of decide(state, command, {
      actor,
      now: new Date(at).toISOString(),
      reflectionPeriodDays: 30,
    })) {
      state = evolve(state, event);
      events.push({ event, at });
    }
  }
  const caseId = (steps[0].command as { caseId: string }).caseId;
  return events.map(
    ({ event, at }, i) =>
      ({
        eventId: uuidv7(),
        streamId: `case-${caseId}`,
        version: i + 1,
        type: event.type,
        data: event.data,
        metadata: {},
        recordedAt: new Date(at),
        position: { commit: BigInt(position + i), prepare: BigInt(position + i) },
      }) as unknown as RecordedEvent,
  );
}

/**
 * The statistics projection on a fresh database of the machine's PostgreSQL (the agency
 * registry's tables and the statistics' own), for the suite that calls this.
 */
export function statisticsDatabase(label: string): {
  sql: () => PgSqlClient;
  projection: () => StatisticsProjection;
} {
  let database: TestDatabase | undefined;
  let sql: PgSqlClient | undefined;
  let projection: StatisticsProjection | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(label);
    sql = new PgSqlClient({ connectionString: database.url, max: 4 });
    await migrate(sql, [...ACCESS_MIGRATIONS, ...STATISTICS_MIGRATIONS]);
    projection = new StatisticsProjection(sql);
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });
  return { sql: () => sql!, projection: () => projection! };
}
