import { Redis } from 'ioredis';
import { ApiProcess, startWorkerProcess } from '../support/api-process';
import { eventually } from '../support/async';
import { CAST, consentBody, OPEN_CASE_BODY, referralBody } from '../support/fixtures';
import { startTestRedis, TestRedis } from '../support/redis-server';
import { AgencyKeys, registerAgency, startTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * Redis holds the queue, never the record: notifications live in PostgreSQL from the moment
 * their event is stored. With Redis stopped, flushed, or the worker killed mid-delivery, every
 * notification still reaches its receiver, duplicates only as retries with the same
 * webhook-id, and a deadline still fires once. A redis-server and worker processes of the
 * test's own; receivers on 127.0.0.1.
 */
jest.setTimeout(240_000);

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('notifications through Redis failures', () => {
  let redis: TestRedis;
  let test: TestApp;
  let receiver: WebhookReceiver;
  let worker: ApiProcess | null = null;
  let fia: AgencyKeys;
  let shelter: AgencyKeys;

  const as = (key: string) => ({ authorization: `Bearer ${key}`, 'x-officer-id': 'officer-1' });

  async function refer(overrides: Record<string, unknown> = {}) {
    const opened = await test.http.post('/v1/cases').set(as(fia.officer)).send(OPEN_CASE_BODY);
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    const consent = await test.http
      .post(`/v1/cases/${caseId}/consents`)
      .set(as(fia.officer))
      .send(consentBody(shelter.agencyId));
    expect(consent.status).toBe(201);
    const referred = await test.http
      .post(`/v1/cases/${caseId}/referrals`)
      .set(as(fia.officer))
      .send(referralBody(shelter.agencyId, overrides));
    expect(referred.status).toBe(201);
    return { caseId, referralId: referred.body.referralId as string };
  }

  /** Webhook-ids the shelter received for each referral. */
  function idsByReferral(type = 'referral.requested'): Map<string, Set<string>> {
    const seen = new Map<string, Set<string>>();
    for (const hook of receiver.at('/shelter')) {
      const body = JSON.parse(hook.body);
      if (body.type !== type) continue;
      const ids = seen.get(body.data.referralId) ?? new Set<string>();
      ids.add(hook.headers['webhook-id']);
      seen.set(body.data.referralId, ids);
    }
    return seen;
  }

  async function allReceivedOnce(referralIds: string[]) {
    await eventually(() => referralIds.every((id) => idsByReferral().has(id)), {
      timeoutMs: 60_000,
      what: () => `${idsByReferral().size} of ${referralIds.length} received`,
    });
    const seen = idsByReferral();
    for (const id of referralIds) expect(seen.get(id)?.size).toBe(1);
  }

  const startWorker = (env: Record<string, string> = {}) =>
    startWorkerProcess({ ...test.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env });

  beforeAll(async () => {
    redis = await startTestRedis();
    receiver = await WebhookReceiver.start();
    test = await startTestApp('notifications_fault', {
      REDIS_URL: redis.url,
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_BACKOFF_MS: '100',
      NOTIFICATION_SWEEP_INTERVAL_MS: '250',
    });
    const hook = (path: string) => ({ webhookUrl: receiver.url(path), secret: SECRET });
    fia = await registerAgency(test, { ...CAST.fiaLahore, notification: hook('/fia') });
    shelter = await registerAgency(test, {
      ...CAST.darUlAmanLahore,
      notification: hook('/shelter'),
    });
    worker = await startWorker();
  });

  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await test?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('takes 50 referrals with Redis stopped, and delivers each once when it is back', async () => {
    await redis.kill();
    const referrals = [];
    for (let i = 0; i < 50; i++) referrals.push((await refer()).referralId);
    // The relay records them as the events come in (within its linger), all pending.
    const ready = await eventually(async () => {
      const res = await test.http.get('/health/ready').expect(200);
      return res.body.details.notifications.pending >= 50 ? res : null;
    });
    expect(ready.body.details.redis).toEqual({ status: 'up', state: 'unavailable' });
    const workerReady = await worker!.http.get('/health/ready');
    expect(workerReady.status).toBe(503);
    await redis.start();
    await allReceivedOnce(referrals);
    // One outage, one line, for all of the worker's connections and retries.
    const said = worker!
      .output()
      .split('\n')
      .filter((line) => line.includes('Redis unavailable'));
    expect(said).toHaveLength(1);
    await eventually(async () => {
      const res = await test.http.get('/health/ready').expect(200);
      return res.body.details.notifications.pending === 0;
    });
  });

  it('loses no notification and no deadline to a FLUSHALL', async () => {
    // The worker is away: jobs wait in Redis, and Redis then loses them all.
    await worker!.kill('SIGTERM');
    worker = null;
    const referrals = [];
    for (let i = 0; i < 10; i++) referrals.push((await refer()).referralId);
    const deadline = await refer({ acknowledgeWithinHours: 0.002 });
    await eventually(async () => {
      const client = new Redis(redis.url);
      try {
        return (await client.keys(`${test.env.REDIS_PREFIX}:bull:*`)).length > 0;
      } finally {
        client.disconnect();
      }
    });
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
    worker = await startWorker();
    await allReceivedOnce([...referrals, deadline.referralId]);
    const overdueAtSender = () =>
      receiver
        .bodies('/fia', 'referral.overdue')
        .filter((b) => b.data.referralId === deadline.referralId);
    await eventually(() => overdueAtSender().length > 0, {
      timeoutMs: 30_000,
      what: 'the deadline after the flush',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(overdueAtSender()).toHaveLength(1);
    const history = await test.http
      .get(`/v1/cases/${deadline.caseId}/history`)
      .set(as(fia.officer))
      .expect(200);
    const types = history.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'referral.overdue.v1')).toHaveLength(1);
  });

  it('delivers everything after the worker is killed mid-delivery', async () => {
    // Four at a time, each answered after 800 ms: the kill finds deliveries in flight and more
    // waiting. The ones in flight were received but never settled: their jobs are stalled.
    await worker!.kill('SIGTERM');
    receiver.on('/shelter', () => ({ status: 200, delayMs: 800 }));
    const slow = { WEBHOOK_CONCURRENCY: '4' };
    worker = await startWorker(slow);
    const before = receiver.at('/shelter').length;
    const referrals = [];
    for (let i = 0; i < 30; i++) referrals.push(await refer());
    await eventually(() => receiver.at('/shelter').length >= before + 6);
    await worker!.kill('SIGKILL');
    receiver.on('/shelter', () => ({ status: 200 }));
    worker = await startWorker(slow);
    await allReceivedOnce(referrals.map((r) => r.referralId));
    for (const { caseId } of referrals) {
      await eventually(
        async () => {
          const res = await test.http
            .get(`/v1/admin/notifications?caseId=${caseId}`)
            .set('authorization', `Bearer ${test.adminKey}`)
            .expect(200);
          return res.body.items.every((n: { status: string }) => n.status === 'delivered');
        },
        { timeoutMs: 60_000, what: `case ${caseId}'s notifications delivered` },
      );
    }
  });

  it('said "Redis unavailable" once per outage, never an unhandled error event', () => {
    expect(worker!.exited()).toBeNull();
    expect(worker!.output()).not.toContain('Unhandled error event');
  });
});
