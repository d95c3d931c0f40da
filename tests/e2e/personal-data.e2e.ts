import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ErasedCaseKeysRunner } from '@app/cases';
import { open, Sealed } from '@app/crypto';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, OPEN_CASE_BODY } from '../support/fixtures';
import {
  as,
  call,
  Caller,
  command,
  consentAndRefer,
  expectCommand,
  expectProblem,
  get,
  getCase,
  history,
  Json,
  post,
} from './helpers/api';

/**
 * Personal data is encrypted at rest with a key of its own case, and erasure destroys that key:
 * the cleartext is nowhere in the database, and after erasure not even the master key brings it
 * back, while history and the hash chain still work.
 */
describe('personal data at rest and its erasure', () => {
  let test: TestApp;
  let db: Client;
  let lead: Caller;
  let leadSupervisor: Caller;
  let auditor: Caller;
  let shelter: Caller;
  let caseId: string;
  let referralId: string;

  const PERSONAL = {
    fullName: 'Gulmeena Yasmeen Khattak-Zarbaft',
    cnic: '17301-7654321-9',
    phone: '+92 345 9081726',
    address: 'Mohalla Qissa Khwani 44, Peshawar',
    dateOfBirth: '2001-02-03',
  };
  /** What must never be found in cleartext, including the CNIC without dashes. */
  const NEEDLES = [
    PERSONAL.fullName,
    'Yasmeen Khattak',
    PERSONAL.cnic,
    PERSONAL.cnic.replace(/-/g, ''),
    PERSONAL.phone,
    PERSONAL.phone.replace(/\s/g, ''),
    PERSONAL.address,
  ];

  beforeAll(async () => {
    test = await startTestApp('personal_data');
    db = new Client({ connectionString: test.database.url });
    await db.connect();
    const leadKeys = await registerAgency(test, CAST.fiaPeshawarCircle);
    lead = as(leadKeys, 'officer');
    leadSupervisor = as(leadKeys, 'supervisor');
    const oversight = await registerAgency(test, CAST.monitoringCell);
    auditor = as(oversight, 'auditor');
    shelter = as(await registerAgency(test, CAST.shelterMardan));

    // A case that went through the usual motions, so every table has something to hold.
    const opened = await post(
      test,
      lead,
      '/v1/cases',
      { ...OPEN_CASE_BODY, victim: { ...OPEN_CASE_BODY.victim, personal: PERSONAL } },
      {
        headers: { 'idempotency-key': 'open-peshawar-0001' },
      },
    );
    expect(opened.status).toBe(201);
    caseId = opened.body.caseId;
    referralId = await consentAndRefer(test, lead, caseId, shelter.agencyId);
    await command(test, shelter, `/v1/cases/${caseId}/referrals/${referralId}/accept`, {});
    for (const who of [lead, auditor, shelter]) {
      expect((await getCase(test, who, caseId)).victim.personal).toEqual(PERSONAL);
      await history(test, who, caseId);
    }
    await test.projected();
  });

  afterAll(async () => {
    await db?.end();
    await test?.close();
  });

  /** Every row of every table of the test database, as text. */
  async function everyRow(): Promise<{ table: string; text: string }[]> {
    const { rows: tables } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const all: { table: string; text: string }[] = [];
    for (const { table_name: table } of tables) {
      const { rows } = await db.query<{ t: string }>(`SELECT t::text AS t FROM "${table}" t`);
      all.push(...rows.map((row) => ({ table, text: row.t })));
    }
    return all;
  }

  async function expectNoCleartext() {
    const rows = await everyRow();
    // The scan sees the case (so it would see its data too)...
    expect(rows.filter((row) => row.text.includes(caseId)).map((row) => row.table)).toEqual(
      expect.arrayContaining(['events', 'case_summaries', 'referral_inbox', 'case_access_log']),
    );
    // ...and finds none of the victim's identity.
    const leaks = rows.flatMap((row) =>
      NEEDLES.filter((needle) => row.text.toLowerCase().includes(needle.toLowerCase())).map(
        (needle) => `${row.table}: ${needle}`,
      ),
    );
    expect(leaks).toEqual([]);
  }

  /** Every JSON object stored in any column of any table that is shaped like an AES-GCM envelope. */
  async function everyEnvelope(): Promise<Sealed[]> {
    const found: Sealed[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (!value || typeof value !== 'object') return;
      const candidate = value as Partial<Sealed>;
      if (candidate.iv && candidate.ciphertext && candidate.tag) found.push(candidate as Sealed);
      Object.values(value).forEach(visit);
    };
    const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    );
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await db.query<{ v: string | null }>(
        `SELECT "${column}"::text AS v FROM "${table}"`,
      );
      for (const { v } of rows) {
        if (!v || !/^[[{]/.test(v)) continue;
        try {
          visit(JSON.parse(v));
        } catch {
          // text that only looks like JSON
        }
      }
    }
    return found;
  }

  const masterKey = () => Buffer.from(test.env.MASTER_KEY, 'base64');

  /** Case keys the master key can unwrap for this case, wherever they are stored. */
  async function unwrappableCaseKeys(): Promise<Buffer[]> {
    const keys: Buffer[] = [];
    for (const sealed of await everyEnvelope()) {
      try {
        keys.push(open(masterKey(), sealed, `case-key:${caseId}`));
      } catch {
        // not a key of this case
      }
    }
    return keys;
  }

  async function openedEnvelope(): Promise<Sealed> {
    const { rows } = await db.query<{ data: { victim: { personal: Sealed } } }>(
      `SELECT data FROM events WHERE stream_id = $1 AND type = 'case.opened.v1'`,
      [`case-${caseId}`],
    );
    expect(rows).toHaveLength(1);
    return rows[0].data.victim.personal;
  }

  it('the victim’s name, CNIC, phone and address are nowhere in the database in cleartext', async () => {
    await expectNoCleartext();
  });

  it('before erasure the master key unwraps exactly one case key, which opens the envelope', async () => {
    const keys = await unwrappableCaseKeys();
    expect(keys).toHaveLength(1);
    const plaintext = JSON.parse(open(keys[0], await openedEnvelope(), caseId).toString('utf8'));
    expect(plaintext).toEqual(PERSONAL);
    const { rows } = await db.query('SELECT 1 FROM case_keys WHERE case_id = $1', [caseId]);
    expect(rows).toHaveLength(1);
  });

  it('a supervisor of the lead agency erases the personal data', async () => {
    const version = (await getCase(test, lead, caseId)).version;
    const res = await call(test, leadSupervisor, 'delete', `/v1/cases/${caseId}/personal-data`, {
      body: { justification: 'Victim asked for erasure after reintegration' },
    });
    expectCommand(res, { status: 200, caseId, version: version + 1 });
    // Erasing twice is refused: there is nothing left to erase.
    expectProblem(
      await call(test, leadSupervisor, 'delete', `/v1/cases/${caseId}/personal-data`, {
        body: { justification: 'Victim asked for erasure after reintegration' },
      }),
      409,
    );
  });

  it('the case, for everyone, shows personal null and personalDataErased true', async () => {
    for (const who of [lead, leadSupervisor, auditor, shelter]) {
      const view = await getCase(test, who, caseId);
      expect(view.victim).toEqual(
        expect.objectContaining({
          sex: 'female',
          ageGroup: 'adult',
          personal: null,
          personalDataErased: true,
        }),
      );
      // Replaying to before the erasure does not bring it back either.
      const replay = await get(test, who, `/v1/cases/${caseId}`, { query: { version: 1 } });
      expect(replay.body.victim.personal).toBeNull();
    }
  });

  it('history shows the opening without personal data and records the erasure', async () => {
    for (const who of [lead, auditor]) {
      const items = await history(test, who, caseId);
      expect(items[0].type).toBe('case.opened.v1');
      expect(items[0].data.victim.personal).toBeNull();
      expect(items.at(-1)).toMatchObject({
        type: 'case.personal-data-erased.v1',
        actor: { agencyId: lead.agencyId, role: 'supervisor', officerId: leadSupervisor.officerId },
        data: { justification: 'Victim asked for erasure after reintegration' },
      });
      expect(JSON.stringify(items)).not.toContain(PERSONAL.fullName);
    }
  });

  it('the case list marks the case as erased', async () => {
    await test.projected();
    const res = await get(test, auditor, '/v1/cases');
    expect(res.body.items.find((item: Json) => item.caseId === caseId)).toMatchObject({
      personalDataErased: true,
    });
    const leadList = await get(test, lead, '/v1/cases');
    expect(leadList.body.items.find((item: Json) => item.caseId === caseId)).toMatchObject({
      personalDataErased: true,
    });
  });

  it('not even the master key recovers it: the case key is gone and the envelope does not open', async () => {
    const { rows } = await db.query('SELECT 1 FROM case_keys WHERE case_id = $1', [caseId]);
    expect(rows).toHaveLength(0);
    expect(await unwrappableCaseKeys()).toEqual([]);
    const envelope = await openedEnvelope();
    expect(() => open(masterKey(), envelope, caseId)).toThrow();
    expect(() => open(masterKey(), envelope, `case-key:${caseId}`)).toThrow();
    await expectNoCleartext();
  });

  it('a key the erasing process did not live to destroy is destroyed from the log', async () => {
    // As if the command's process died between storing the erasure and destroying the key.
    const other = (await post(test, lead, '/v1/cases', OPEN_CASE_BODY)).body.caseId as string;
    const store = test.app.get<EventStore>(EVENT_STORE);
    await store.append(
      `case-${other}`,
      [
        {
          eventId: randomUUID(),
          type: 'case.personal-data-erased.v1',
          data: {
            justification: 'Victim asked for erasure',
            erasedAt: new Date().toISOString(),
            erasedByAgencyId: lead.agencyId,
            erasedByRole: 'supervisor',
          },
        },
      ],
      { expectedVersion: 1 },
    );
    await test.app.get(ErasedCaseKeysRunner).caughtUp(15_000);
    const { rows } = await db.query('SELECT 1 FROM case_keys WHERE case_id = $1', [other]);
    expect(rows).toHaveLength(0);
  });

  it('the hash chain of the case still verifies', async () => {
    const store = test.app.get<EventStore>(EVENT_STORE);
    const verification = await store.verifyStream(`case-${caseId}`);
    const items = await history(test, auditor, caseId);
    expect(verification).toMatchObject({
      valid: true,
      eventsChecked: items.length,
      headHash: items.at(-1)!.hash,
    });
  });
});
