import { v7 as uuidv7 } from 'uuid';
import { ACCESS_MIGRATIONS } from '@app/access';
import { migrate, PgSqlClient } from '@app/database';
import {
  Actor,
  CaseCommand,
  CaseEvent,
  CaseState,
  decide,
  evolve,
  ExploitationType,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { STATISTICS_MIGRATIONS, StatisticsProjection } from '@app/statistics';
import { createTestDatabase, TestDatabase } from './test-database';

export interface CaseStep {
  /** When the command is decided (ms since the epoch). */
  at: number;
  actor: Actor;
  command: CaseCommand;
}

/** A case opened on `identifiedAt`'s data: a Pakistani woman found in a raid in Lahore (TIP). */
export function openCaseCommand(
  caseId: string,
  identifiedAt: number,
  exploitationTypes: ExploitationType[] = ['forced-labour'],
): CaseCommand {
  return {
    type: 'OpenCase',
    caseId,
    identifiedAt: new Date(identifiedAt).toISOString(),
    identificationSource: 'raid',
    location: { province: 'punjab', district: 'Lahore' },
    crimeType: 'tip',
    victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: null },
    exploitationTypes,
    indicators: [],
  };
}

/** The victim's written consent to share the case with `agencyId`. */
export function consentCommand(agencyId: string): CaseCommand {
  return {
    type: 'RecordConsent',
    consentId: uuidv7(),
    decision: 'given',
    scope: 'share-with-agency',
    agencyId,
    givenBy: 'victim',
    method: 'written',
  };
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
