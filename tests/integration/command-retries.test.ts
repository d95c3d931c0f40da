import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { AgencyRegistry, Principal } from '@app/access';
import { loadConfig } from '@app/config';
import { CaseRepository } from '@app/cases';
import { CRYPTO_MIGRATIONS } from '@app/crypto';
import { migrate, PgliteSqlClient } from '@app/database';
import { CaseCommand } from '@app/domain';
import { EVENT_STORE_MIGRATIONS, EventStore, RecordedEvent, SqlEventStore } from '@app/event-store';
import { Operation } from '@app/http';
import { CaseCommandRunner } from '../../libs/cases/src/shared/case-command-runner';
import { createTempDir } from '../support/temp-dir';

/**
 * Two attempts of one operation (one Idempotency-Key) at once: a retry that took over from an
 * attempt still alive, frozen for a while. Whichever order their reads and appends interleave
 * in, the operation's events are stored once and both attempts answer with them; neither answers
 * a refusal that the other's success caused (a consent id already used: by this very operation).
 */
describe('two attempts of one operation', () => {
  let dir: { path: string; remove(): Promise<void> };
  let sql: PgliteSqlClient;
  let store: SqlEventStore;
  const principal: Principal = { agencyId: 'fia-lahore', role: 'officer', keyId: 'k' };

  beforeAll(async () => {
    dir = await createTempDir('command-retries');
    sql = await PgliteSqlClient.open({ dataDir: join(dir.path, 'data') });
    await migrate(sql, [...EVENT_STORE_MIGRATIONS, ...CRYPTO_MIGRATIONS]);
    store = new SqlEventStore(sql);
  });

  afterAll(async () => {
    await store?.close();
    await sql?.close();
    await dir?.remove();
  });

  /** A runner of its own (a process of its own), over `events`. */
  function handler(events: EventStore = store) {
    const config = loadConfig({ EVENT_STORE: 'embedded' });
    return new CaseCommandRunner(
      events,
      new CaseRepository(events, config),
      config,
      {} as AgencyRegistry,
    );
  }

  const send = (
    on: CaseCommandRunner,
    caseId: string,
    command: CaseCommand,
    operation: Operation,
  ) =>
    on.decideAndAppend(
      caseId,
      command,
      principal,
      { operation, idempotencyKey: `key-${operation.id}`, correlationId: 'c' },
      { opens: command.type === 'OpenCase' },
    );

  async function openCase(): Promise<string> {
    const operation = { id: uuidv7(), resumed: false };
    await send(
      handler(),
      operation.id,
      {
        type: 'OpenCase',
        caseId: operation.id,
        identifiedAt: '2026-11-20T08:30:00.000Z',
        identificationSource: 'raid',
        location: { province: 'punjab', district: 'Lahore' },
        crimeType: 'tip',
        victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: null },
        exploitationTypes: [],
        indicators: [],
      },
      operation,
    );
    return operation.id;
  }

  const consent = (consentId: string): CaseCommand => ({
    type: 'RecordConsent',
    consentId,
    decision: 'given',
    scope: 'services',
    services: ['shelter'],
    givenBy: 'victim',
    method: 'written',
  });

  async function stored(caseId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(`case-${caseId}`)) events.push(event);
    return events.filter((event) => event.type === 'consent.recorded.v1');
  }

  it('the attempt taken over, deciding after the retry stored it, answers with what is stored', async () => {
    const caseId = await openCase();
    const id = uuidv7();
    const retry = await send(handler(), caseId, consent(id), { id, resumed: true });
    // The first attempt wakes up and decides on a case that already holds its consent.
    const late = await send(handler(), caseId, consent(id), { id, resumed: false });
    expect(late).toEqual(retry);
    expect(await stored(caseId)).toHaveLength(1);
  });

  it('the retry, whose first read came before the other attempt stored it, answers with that', async () => {
    const caseId = await openCase();
    const id = uuidv7();
    let first: Promise<unknown> | null = null;
    // Right before the retry appends, the attempt it took over from appends.
    const racing = Object.create(store) as EventStore;
    racing.append = async (...args) => {
      first ??= send(handler(), caseId, consent(id), { id, resumed: false });
      await first;
      return store.append(...args);
    };
    const retry = await send(handler(racing), caseId, consent(id), { id, resumed: true });
    expect(await first).toEqual(retry);
    expect(await stored(caseId)).toHaveLength(1);
  });
});
