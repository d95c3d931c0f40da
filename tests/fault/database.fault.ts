import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { eventually } from '../support/async';
import { createPgCluster, PgCluster } from '../support/pg-cluster';
import { OPEN_CASE_BODY } from '../support/fixtures';
import { removeRedisKeys, auditSigningKey } from '../support/test-app';

/**
 * The API on a PostgreSQL server of the test's own that stops (`fast`, `immediate`) or freezes
 * (SIGSTOP) under load, several times over. The process never dies; while the database is gone
 * every request is answered, in bounded time, with 503 problem+json (or succeeds); readiness
 * says 503; afterwards the service recovers by itself: commands, reads and read models.
 */
jest.setTimeout(240_000);

interface Outcome {
  status: number | 'no answer';
  ms: number;
  problem: boolean;
}

describe('the database stops or hangs under load', () => {
  let cluster: PgCluster;
  let api: ApiProcess;
  let officer: string;

  beforeAll(async () => {
    cluster = await createPgCluster('fault');
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE sr_test_fault');
    await admin.end();
    api = await startApiProcess({
      EVENT_STORE: 'postgres',
      DATABASE_URL: cluster.url.replace(/\/postgres$/, '/sr_test_fault'),
      MASTER_KEY: randomBytes(32).toString('base64'),
      AUDIT_SIGNING_KEY: auditSigningKey(),
      REDIS_PREFIX: `sr-test-fault-${randomBytes(4).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
      SUBSCRIPTION_POLL_INTERVAL_MS: '50',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
    });
    const auth = { authorization: `Bearer ${api.adminKey}` };
    await api.http
      .put('/v1/admin/agencies/fia-lahore')
      .set(auth)
      .send({ name: 'FIA Lahore', type: 'fia', province: 'punjab', services: [] })
      .expect(201);
    const key = await api.http
      .post('/v1/admin/api-keys')
      .set(auth)
      .send({ agencyId: 'fia-lahore', role: 'officer', label: 'fault' })
      .expect(201);
    officer = key.body.apiKey;
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await cluster?.destroy();
    if (api) await removeRedisKeys('redis://127.0.0.1:6379', api.env.REDIS_PREFIX);
  });

  const as = (req: ReturnType<ApiProcess['http']['get']>) =>
    req.set('authorization', `Bearer ${officer}`).set('x-officer-id', 'officer-1').timeout(30_000);

  async function timed(
    send: () => PromiseLike<{ status: number; headers: Record<string, string> }>,
  ) {
    const started = Date.now();
    try {
      const res = await send();
      return {
        status: res.status,
        ms: Date.now() - started,
        problem: /^application\/problem\+json/.test(res.headers['content-type'] ?? ''),
      };
    } catch {
      return { status: 'no answer' as const, ms: Date.now() - started, problem: false };
    }
  }

  /** Clients opening and reading cases without pause until stopped. */
  function load(caseId: string) {
    const outcomes: Outcome[] = [];
    let running = true;
    let sent = 0;
    const client = async (n: number) => {
      while (running) {
        const key = `load-${n}-${sent++}-${Date.now()}`;
        outcomes.push(
          n % 3 === 0
            ? await timed(() => as(api.http.post('/v1/cases')).send(OPEN_CASE_BODY))
            : n % 3 === 1
              ? await timed(() =>
                  as(api.http.post('/v1/cases')).set('idempotency-key', key).send(OPEN_CASE_BODY),
                )
              : await timed(() => as(api.http.get(`/v1/cases/${caseId}`))),
        );
      }
    };
    const clients = Promise.all([0, 1, 2, 3, 4, 5].map(client));
    return {
      outcomes,
      stop: async () => {
        running = false;
        await clients;
        return outcomes;
      },
    };
  }

  /** The service back after a fault: what it printed meanwhile says why, if it is not. */
  const recovered = <T>(check: () => Promise<T>) =>
    eventually(check, { timeoutMs: 30_000, what: () => `recovery:\n${api.output()}` });

  const opened = () =>
    recovered(async () => {
      const res = await as(api.http.post('/v1/cases')).send(OPEN_CASE_BODY);
      return res.status === 201 ? (res.body.caseId as string) : null;
    });

  // The freeze outlasts the statement timeout (2 s + 1 s on the client) twice over.
  const faults: Array<[string, () => Promise<void>, () => Promise<void>, number]> = [
    ['stopped fast', () => cluster.stop('fast'), () => cluster.start(), 3_000],
    ['stopped immediate', () => cluster.stop('immediate'), () => cluster.start(), 3_000],
    ['frozen (SIGSTOP)', () => cluster.freeze(), () => cluster.thaw(), 6_000],
  ];

  it.each([...faults, ...faults])(
    '%s: answers 503, never dies, recovers by itself',
    async (_, fault, restore, outageMs) => {
      const caseId = await opened();
      const traffic = load(caseId);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await fault();
      await new Promise((resolve) => setTimeout(resolve, outageMs - 500));
      const ready = await timed(() => api.http.get('/health/ready').timeout(30_000));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await restore();
      await opened();
      const outcomes = await traffic.stop();

      expect(api.exited()).toBeNull();
      expect(ready).toMatchObject({ status: 503, problem: true });
      const wrong = outcomes.filter(
        (o) => !(o.status === 200 || o.status === 201 || (o.status === 503 && o.problem)),
      );
      expect(wrong).toEqual([]);
      expect(outcomes.filter((o) => o.status === 503).length).toBeGreaterThan(0);
      // Bounded: connection and statement timeouts end every wait (generous: a shared machine).
      expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(15_000);
      await recovered(async () =>
        (await api.http.get('/health/ready')).status === 200 ? true : null,
      );
    },
  );

  it('kept personal data out of its log through it all', () => {
    for (const value of Object.values(OPEN_CASE_BODY.victim.personal)) {
      expect(api.output()).not.toContain(value);
    }
  });

  it('keeps its read models and key checks working afterwards', async () => {
    const caseId = await opened();
    await recovered(async () => {
      const res = await as(api.http.get('/v1/cases')).query({ limit: 200 });
      return res.body.items?.some((item: { caseId: string }) => item.caseId === caseId)
        ? true
        : null;
    });
    expect(api.exited()).toBeNull();
  });
});
