import { Client } from 'pg';
import type { Response } from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, EventStore, GENESIS_HASH, hashEvent } from '@app/event-store';
import { CAST } from '../support/fixtures';
import { AgencyKeys, registerAgency, startTestApp, TestApp } from '../support/test-app';
import {
  as,
  Caller,
  command,
  consentAndRefer,
  expectProblem,
  get,
  Json,
  openCase,
  post,
} from './helpers/api';

const HASH = /^[0-9a-f]{64}$/;
const ANCHOR_STREAM = 'audit-anchors';

interface EventRow {
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: Json;
  metadata: Json;
  prev_hash: string;
  hash: string;
}

/**
 * Tamper evidence: someone with write access to PostgreSQL changes, deletes, reorders or
 * rewrites events behind the API's back (while it keeps its caches), and the integrity check
 * and the audit anchors must say so, each as far as it can. Unlike case_access_log, the events
 * table has no trigger refusing UPDATE or DELETE, so plain statements are all an attacker needs.
 */
describe('tamper evidence (API over PostgreSQL changed directly)', () => {
  let test: TestApp;
  let db: Client;
  let fia: AgencyKeys;
  let shelter: AgencyKeys;
  let lead: Caller;
  let auditor: Caller;

  beforeAll(async () => {
    test = await startTestApp('tamper', { RATE_LIMIT_PER_MINUTE: '0' });
    db = new Client({ connectionString: test.database.url });
    await db.connect();
    fia = await registerAgency(test, CAST.fiaLahore);
    shelter = await registerAgency(test, CAST.darUlAmanLahore);
    const oversight = await registerAgency(test, CAST.oversightCell);
    lead = as(fia, 'officer');
    auditor = as(oversight, 'auditor');
    // Tampering as the database's owner would: the events table's append-only guard refuses
    // changes, so it is dropped first (the first test shows it holding).
    await db.query('ALTER TABLE events DISABLE TRIGGER events_no_change');
  });

  afterAll(async () => {
    await db?.end();
    await test?.close();
  });

  /** A case opened, consented, referred and acknowledged: four events or more in its stream. */
  async function caseWithEvents(): Promise<{ caseId: string; streamId: string; version: number }> {
    const caseId = await openCase(test, lead);
    const referralId = await consentAndRefer(test, lead, caseId, shelter.agencyId);
    const ack = await command(
      test,
      as(shelter),
      `/v1/cases/${caseId}/referrals/${referralId}/acknowledge`,
    );
    const streamId = `case-${caseId}`;
    expect(ack.version).toBeGreaterThanOrEqual(4);
    expect(await rows(streamId)).toHaveLength(ack.version);
    return { caseId, streamId, version: ack.version as number };
  }

  async function rows(streamId: string): Promise<EventRow[]> {
    const { rows: found } = await db.query<EventRow>(
      `SELECT stream_id, version, event_id::text, type, data, metadata, prev_hash, hash
         FROM events WHERE stream_id = $1 ORDER BY version`,
      [streamId],
    );
    return found;
  }

  function expectJson(res: Response, status: number): Json {
    if (res.status !== status)
      throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.body as Json;
  }

  async function integrity(caseId: string, who: Caller = auditor): Promise<Json> {
    const body = expectJson(await get(test, who, `/v1/cases/${caseId}/integrity`), 200);
    for (const part of [body.case, body.notifications]) {
      expect(Object.keys(part).sort()).toEqual(
        ['streamId', 'valid', 'eventsChecked', 'headHash']
          .concat(part.valid ? [] : ['firstInvalidVersion'])
          .sort(),
      );
      expect(typeof part.valid).toBe('boolean');
      expect(Number.isInteger(part.eventsChecked)).toBe(true);
      // A broken chain has no head to vouch for.
      if (part.valid) expect(part.headHash === null || HASH.test(part.headHash)).toBe(true);
      else expect(part.headHash).toBeNull();
    }
    expect(Object.keys(body).sort()).toEqual(
      ['valid', 'eventsChecked', 'headHash', 'case', 'notifications']
        .concat(body.case.valid ? [] : ['firstInvalidVersion'])
        .sort(),
    );
    expect(body.case.streamId).toBe(`case-${caseId}`);
    expect(body.notifications.streamId).toBe(`notifications-${caseId}`);
    expect(body.valid).toBe(body.case.valid && body.notifications.valid);
    expect(body.eventsChecked).toBe(body.case.eventsChecked);
    expect(body.headHash).toBe(body.case.headHash);
    expect(body.firstInvalidVersion).toBe(body.case.firstInvalidVersion);
    return body;
  }

  /** Makes an anchor over the store as it is now, so a scenario sees only its own tampering. */
  async function anchorNow(): Promise<Json> {
    const body = expectJson(await post(test, test.adminKey, '/v1/admin/audit/anchors'), 201);
    expect(body).toEqual({
      anchorId: expect.any(String),
      merkleRoot: expect.stringMatching(HASH),
      streamCount: expect.any(Number),
      anchoredAt: expect.any(String),
      keyId: expect.any(String),
      signature: expect.any(String),
    });
    return body;
  }

  async function verifyAnchor(): Promise<Json> {
    const body = expectJson(await get(test, auditor, '/v1/audit/anchors/latest/verify'), 200);
    expect(body).toEqual({
      valid: body.problems.length === 0,
      anchorId: expect.any(String),
      streamsChecked: expect.any(Number),
      problems: expect.any(Array),
    });
    for (const problem of body.problems as Json[]) {
      expect(['changed', 'truncated', 'missing']).toContain(problem.problem);
      expect(typeof problem.streamId).toBe('string');
    }
    return body;
  }

  /** The anchor's problems that concern `streamId` alone. */
  async function anchorProblemsOf(streamId: string): Promise<Json[]> {
    return ((await verifyAnchor()).problems as Json[]).filter((p) => p.streamId === streamId);
  }

  /** The scenario starts from an intact case, freshly anchored and verifying both ways. */
  async function intactAndAnchored(caseId: string): Promise<Json> {
    const before = await integrity(caseId);
    expect(before).toMatchObject({ valid: true, case: { valid: true } });
    const anchor = await anchorNow();
    expect(await verifyAnchor()).toEqual({
      valid: true,
      anchorId: anchor.anchorId,
      streamsChecked: anchor.streamCount,
      problems: [],
    });
    return before;
  }

  it('refuses to change or delete events while the append-only guard is in place', async () => {
    const { streamId } = await caseWithEvents();
    await db.query('ALTER TABLE events ENABLE TRIGGER events_no_change');
    try {
      await expect(
        db.query(`UPDATE events SET type = 'forged' WHERE stream_id = $1`, [streamId]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM events WHERE stream_id = $1', [streamId])).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    } finally {
      await db.query('ALTER TABLE events DISABLE TRIGGER events_no_change');
    }
    expect((await rows(streamId)).length).toBeGreaterThanOrEqual(4);
  });

  it('names the first changed event when one event’s data is changed and its hash kept', async () => {
    const { caseId, streamId, version } = await caseWithEvents();
    const before = await intactAndAnchored(caseId);
    const [, second] = await rows(streamId);
    await db.query('UPDATE events SET data = $1::json WHERE stream_id = $2 AND version = 2', [
      JSON.stringify({ ...second.data, method: 'verbal' }),
      streamId,
    ]);

    const after = await integrity(caseId);
    expect(after).toMatchObject({
      valid: false,
      eventsChecked: 2,
      headHash: null,
      firstInvalidVersion: 2,
      case: { streamId, valid: false, eventsChecked: 2, headHash: null, firstInvalidVersion: 2 },
    });
    // An anchor records each stream's head (version, hash): a middle event changed with its hash
    // column left alone leaves the head as anchored, so only the chain walk can see it.
    const head = (await rows(streamId)).at(-1);
    expect([head?.version, head?.hash]).toEqual([version, before.headHash]);
    expect(await anchorProblemsOf(streamId)).toEqual([]);
  });

  it('keeps a truncated stream valid as a prefix, and the anchor names it truncated', async () => {
    const { caseId, streamId, version } = await caseWithEvents();
    await intactAndAnchored(caseId);
    await db.query('DELETE FROM events WHERE stream_id = $1 AND version = $2', [streamId, version]);

    const after = await integrity(caseId);
    const head = (await rows(streamId)).at(-1);
    expect(after).toMatchObject({
      valid: true,
      eventsChecked: version - 1,
      headHash: head?.hash,
      case: { streamId, valid: true, eventsChecked: version - 1 },
    });
    expect(await anchorProblemsOf(streamId)).toEqual([
      { streamId, problem: 'truncated', version: version - 1 },
    ]);
  });

  it('names a deleted stream missing, and no longer answers for the case', async () => {
    const { caseId, streamId } = await caseWithEvents();
    await intactAndAnchored(caseId);
    await db.query('DELETE FROM events WHERE stream_id = $1', [streamId]);

    expect(await anchorProblemsOf(streamId)).toEqual([{ streamId, problem: 'missing' }]);
    expectProblem(await get(test, auditor, `/v1/cases/${caseId}/integrity`), 404);
  });

  it('answers the lead agency for a deleted stream as it does the auditor', async () => {
    const { caseId, streamId } = await caseWithEvents();
    await intactAndAnchored(caseId);
    // The lead agency has just worked the case, so this process keeps its folded state.
    expect((await integrity(caseId, lead)).valid).toBe(true);
    await db.query('DELETE FROM events WHERE stream_id = $1', [streamId]);

    // Nothing of the case is left in the store: "valid, 0 events checked" would be a clean bill
    // of health for a case that was wiped.
    const res = await get(test, lead, `/v1/cases/${caseId}/integrity`);
    if (res.status === 200) expect(res.body).toMatchObject({ valid: false, eventsChecked: 0 });
    else expectProblem(res, 404);
  });

  it('names the first invalid version when two events are swapped', async () => {
    const { caseId, streamId } = await caseWithEvents();
    await intactAndAnchored(caseId);
    // (stream_id, version) is unique and checked per statement: the third event waits on a
    // version no stream reaches while the second takes its place.
    await db.query('UPDATE events SET version = 1000000 WHERE stream_id = $1 AND version = 3', [
      streamId,
    ]);
    await db.query('UPDATE events SET version = 3 WHERE stream_id = $1 AND version = 2', [
      streamId,
    ]);
    await db.query('UPDATE events SET version = 2 WHERE stream_id = $1 AND version = 1000000', [
      streamId,
    ]);

    const swapped = await rows(streamId);
    expect(swapped[1].type).not.toBe(swapped[2].type);
    expect(await integrity(caseId)).toMatchObject({
      valid: false,
      firstInvalidVersion: 2,
      case: { valid: false, firstInvalidVersion: 2 },
    });
    // The head is untouched, so the anchor cannot tell (as for a changed middle event).
    expect(await anchorProblemsOf(streamId)).toEqual([]);
  });

  it('finds a stream rewritten with a fresh chain only through the anchor', async () => {
    const { caseId, streamId, version } = await caseWithEvents();
    const before = await intactAndAnchored(caseId);
    const original = await rows(streamId);
    expect(original[0].type).toMatch(/^case\.opened\./);
    expect(original[0].data.crimeType).toBe('tip');

    // An attacker who knows the (public) hashing rule recomputes every link after the change.
    await db.query('BEGIN');
    let prevHash = GENESIS_HASH;
    for (const row of original) {
      const data = row.version === 1 ? { ...row.data, crimeType: 'som' } : row.data;
      const hash = hashEvent({
        streamId,
        version: row.version,
        eventId: row.event_id,
        type: row.type,
        data,
        metadata: row.metadata,
        prevHash,
      });
      await db.query(
        `UPDATE events SET data = $1::json, prev_hash = $2, hash = $3
          WHERE stream_id = $4 AND version = $5`,
        [JSON.stringify(data), prevHash, hash, streamId, row.version],
      );
      prevHash = hash;
    }
    await db.query('COMMIT');

    const after = await integrity(caseId);
    expect(after).toMatchObject({
      valid: true,
      eventsChecked: version,
      headHash: prevHash,
      case: { streamId, valid: true, eventsChecked: version, headHash: prevHash },
    });
    expect(after.headHash).not.toBe(before.headHash);
    expect(await anchorProblemsOf(streamId)).toEqual([{ streamId, problem: 'changed', version }]);
  });

  it('names the audit-anchors stream when the anchor’s own leaves are changed', async () => {
    const { caseId, streamId, version } = await caseWithEvents();
    await intactAndAnchored(caseId);
    const { rows: anchors } = await db.query<{ version: number }>(
      'SELECT max(version) AS version FROM events WHERE stream_id = $1',
      [ANCHOR_STREAM],
    );
    const anchorVersion = anchors[0].version;
    const changed = await db.query(
      `UPDATE audit_anchor_leaves SET head_hash = $1
        WHERE anchor_version = $2 AND stream_id = $3`,
      ['f'.repeat(64), anchorVersion, streamId],
    );
    expect(changed.rowCount).toBe(1);

    const verified = await verifyAnchor();
    expect(verified.valid).toBe(false);
    expect(verified.problems).toEqual(
      expect.arrayContaining([
        { streamId: ANCHOR_STREAM, problem: 'changed', version: anchorVersion },
        // The forged leaf no longer matches the (intact) stream either.
        { streamId, problem: 'changed', version },
      ]),
    );
    expect((await integrity(caseId)).valid).toBe(true);
  });

  it('names the anchors stream truncated when its newest anchor is deleted', async () => {
    const { caseId } = await caseWithEvents();
    await intactAndAnchored(caseId);
    const { rows } = await db.query<{ version: number }>(
      'SELECT max(version) AS version FROM events WHERE stream_id = $1',
      [ANCHOR_STREAM],
    );
    // The anchor before it still looks intact: only its leaves left behind tell.
    await db.query('DELETE FROM events WHERE stream_id = $1 AND version = $2', [
      ANCHOR_STREAM,
      rows[0].version,
    ]);

    const verified = await verifyAnchor();
    expect(verified.valid).toBe(false);
    expect(verified.problems).toEqual(
      expect.arrayContaining([
        { streamId: ANCHOR_STREAM, problem: 'truncated', version: rows[0].version - 1 },
      ]),
    );
  });

  it('finds a changed event in the case’s notifications stream', async () => {
    const { caseId, streamId } = await caseWithEvents();
    const notifications = `notifications-${caseId}`;
    const store = test.app.get<EventStore>(EVENT_STORE);
    // No webhook and no worker here: the ledger's events are appended as the worker would.
    const system = { actor: { agencyId: 'system', role: 'system' } };
    const notificationId = uuidv7();
    const identity = { notificationId, type: 'referral.requested', agencyId: shelter.agencyId };
    await store.append(
      notifications,
      [
        { eventId: uuidv7(), type: 'notification.requested.v1', data: identity, metadata: system },
        {
          eventId: uuidv7(),
          type: 'notification.delivered.v1',
          data: { ...identity, attempts: 1, lastStatusCode: 200 },
          metadata: system,
        },
      ],
      { expectedVersion: 'any' },
    );
    const before = await intactAndAnchored(caseId);
    expect(before.notifications).toMatchObject({ valid: true, eventsChecked: 2 });

    const [, delivered] = await rows(notifications);
    await db.query('UPDATE events SET data = $1::json WHERE stream_id = $2 AND version = 2', [
      JSON.stringify({ ...delivered.data, lastStatusCode: 500 }),
      notifications,
    ]);

    const after = await integrity(caseId);
    expect(after).toMatchObject({
      valid: false,
      headHash: before.headHash,
      case: { streamId, valid: true },
      notifications: {
        streamId: notifications,
        valid: false,
        eventsChecked: 2,
        headHash: null,
        firstInvalidVersion: 2,
      },
    });
    // The case's own chain is intact: the top-level version names only the case stream's.
    expect(after).not.toHaveProperty('firstInvalidVersion');
  });
});
