import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { createPgCluster, PgCluster } from '../support/pg-cluster';
import { OPEN_CASE_BODY } from '../support/fixtures';
import { removeRedisKeys, auditSigningKey } from '../support/test-app';

/**
 * Commands retried with their Idempotency-Key until answered, while the API is killed with
 * SIGKILL again and again and the database is stopped: every command is recorded exactly once
 * and every retry gets the first attempt's answer (the same ids), whatever happened to the
 * attempts before it: killed before the append, after it, or answered 503 after the commit.
 */
jest.setTimeout(600_000);

const WORKERS = 8;
/** Faults while the workers run: every fourth stops the database, the others kill the API. */
const FAULTS = 8;

interface Sent {
  key: string;
  caseId: string;
  attempts: number;
  /** When the last attempt that went unanswered (or answered 5xx) started. */
  lastFailedAt: number | null;
  status: number;
  body: { caseId: string; version: number; consentId?: string };
}

describe('exactly-once commands under kill -9 and a database stop', () => {
  let cluster: PgCluster;
  let api: ApiProcess;
  let db: Client;
  let http: ReturnType<typeof request>;
  let officer: string;

  beforeAll(async () => {
    cluster = await createPgCluster('exactly_once');
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE sr_test_exactly_once');
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, '/sr_test_exactly_once');
    api = await startApiProcess({
      EVENT_STORE: 'postgres',
      DATABASE_URL: url,
      MASTER_KEY: randomBytes(32).toString('base64'),
      AUDIT_SIGNING_KEY: auditSigningKey(),
      REDIS_PREFIX: `sr-test-once-${randomBytes(4).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '3000',
    });
    http = request(`http://127.0.0.1:${api.port}`);
    const auth = { authorization: `Bearer ${api.adminKey}` };
    for (const [agencyId, type] of [
      ['fia-lahore', 'fia'],
      ['dar-ul-aman-lahore', 'shelter'],
    ]) {
      await http
        .put(`/v1/admin/agencies/${agencyId}`)
        .set(auth)
        .send({ name: agencyId, type, province: 'punjab', services: [] })
        .expect(201);
    }
    const key = await http
      .post('/v1/admin/api-keys')
      .set(auth)
      .send({ agencyId: 'fia-lahore', role: 'officer', label: 'exactly-once' })
      .expect(201);
    officer = key.body.apiKey;
    db = new Client({ connectionString: url });
  });

  afterAll(async () => {
    await db?.end();
    await api?.kill('SIGKILL');
    await cluster?.destroy();
    if (api) await removeRedisKeys('redis://127.0.0.1:6379', api.env.REDIS_PREFIX);
  });

  /** Sends until answered with anything but "try again"; the same key and body every time. */
  async function untilAnswered(
    key: string,
    path: string,
    body: object,
  ): Promise<Omit<Sent, 'caseId'>> {
    let lastFailedAt: number | null = null;
    for (let attempts = 1; ; attempts++) {
      const startedAt = Date.now();
      const res = await http
        .post(path)
        .set('authorization', `Bearer ${officer}`)
        .set('x-officer-id', 'officer-1')
        .set('idempotency-key', key)
        .timeout(20_000)
        .send(body)
        .catch(() => null);
      const retry = !res || res.status >= 500 || (res.status === 409 && res.body?.retryable);
      if (!retry) return { key, attempts, lastFailedAt, status: res.status, body: res.body };
      lastFailedAt = startedAt;
      if (attempts > 500) throw new Error(`${key}: never answered`);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
    }
  }

  async function worker(n: number, running: () => boolean): Promise<Sent[]> {
    const opened = await untilAnswered(`open-${n}`, '/v1/cases', OPEN_CASE_BODY);
    const caseId = opened.body.caseId;
    const sent: Sent[] = [{ ...opened, caseId }];
    for (let i = 0; running(); i++) {
      const consent = {
        decision: 'given',
        scope: 'share-with-agency',
        agencyId: 'dar-ul-aman-lahore',
        givenBy: 'victim',
        method: 'written',
      };
      const key = `consent-${n}-${i}`;
      sent.push({
        ...(await untilAnswered(key, `/v1/cases/${caseId}/consents`, consent)),
        caseId,
      });
    }
    return sent;
  }

  it('records every command once and answers every retry as the first attempt', async () => {
    let faults = true;
    const chaos = (async () => {
      let round = 0;
      while (round < FAULTS) {
        await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 800));
        round++;
        if (round % 4 === 0) {
          await cluster.stop('immediate');
          await new Promise((resolve) => setTimeout(resolve, 800));
          await cluster.start();
        } else {
          await api.kill('SIGKILL');
          api = await startApiProcess(api.env);
        }
      }
      faults = false;
      return round;
    })();
    const results = (
      await Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n, () => faults)))
    ).flat();
    const rounds = await chaos;

    const retried = results.filter((r) => r.attempts > 1);
    process.stdout.write(
      `exactly-once: ${results.length} commands, ${retried.length} retried, ${rounds} faults\n`,
    );
    expect(rounds).toBe(FAULTS);
    expect(retried.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status !== 201)).toEqual([]);

    // Connected only now: the faults above stop the database.
    await db.connect();
    const { rows } = await db.query<{
      key: string;
      stream_id: string;
      version: number;
      consent_id: string | null;
      recorded_at: string;
    }>(
      `SELECT metadata->>'idempotencyKey' AS key, stream_id, version,
              data->>'consentId' AS consent_id, metadata->>'recordedAt' AS recorded_at
         FROM events WHERE metadata->>'idempotencyKey' IS NOT NULL`,
    );
    const byKey = new Map<string, typeof rows>();
    for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    const wrong: string[] = [];
    for (const sent of results) {
      const stored = byKey.get(sent.key) ?? [];
      if (stored.length !== 1) wrong.push(`${sent.key}: stored ${stored.length} times`);
      const [event] = stored;
      if (!event) continue;
      if (event.stream_id !== `case-${sent.caseId}`) wrong.push(`${sent.key}: another case`);
      if (event.version !== sent.body.version) {
        wrong.push(`${sent.key}: answered version ${sent.body.version}, stored ${event.version}`);
      }
      if (sent.body.consentId && event.consent_id !== sent.body.consentId) {
        wrong.push(`${sent.key}: answered another consent than the one stored`);
      }
    }
    expect(wrong).toEqual([]);
    // Commands an attempt stored but never answered, whose retry found them: the case that the
    // operation ids are for (lost-answers.e2e.ts provokes it deterministically).
    const foundStored = results.filter((sent) => {
      const event = byKey.get(sent.key)?.[0];
      return (
        event && sent.lastFailedAt !== null && Date.parse(event.recorded_at) < sent.lastFailedAt
      );
    });
    process.stdout.write(
      `exactly-once: ${foundStored.length} retries found their command stored\n`,
    );
    const { rows: cases } = await db.query<{ n: number }>(
      "SELECT count(DISTINCT stream_id)::int AS n FROM events WHERE stream_id LIKE 'case-%'",
    );
    expect(cases[0].n).toBe(WORKERS);
  });
});
