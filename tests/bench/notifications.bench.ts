/**
 * Notifications benchmark: `npm run bench:notifications`.
 *
 * The real API (in this process, on a fresh sr_test_* database of the machine's PostgreSQL), the
 * notification worker as a process of its own, a webhook receiver on 127.0.0.1 (in this
 * process), all on the machine's Redis under a key prefix of the run's own:
 *
 * 1. latency: referrals POSTed at 50/s (cases and consents prepared beforehand); for each, the
 *    time from sending the POST to the shelter's receiver getting its `referral.requested`;
 * 2. throughput: with the worker stopped, N referrals queue N webhooks (the bench waits until
 *    all N jobs are in the queue); a worker started with WEBHOOK_CONCURRENCY = c (and the default
 *    database pool) delivers them, timed from the first arrival to the last; at two c;
 * 3. the limit: a plain HTTP client POSTing the same body to the same receiver at the same
 *    concurrency, in the same run.
 *
 * Targets (p50 ≤ 50 ms, p99 ≤ 250 ms at 50 referrals/s; ≥ 1,000 deliveries/s) are reported
 * PASS/BELOW, never asserted. The last line is `SUMMARY webhook_p50_ms=… webhook_p99_ms=…
 * deliveries_per_s=… receiver_raw_per_s=…`.
 */
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { NOTIFICATION_QUEUE } from '@app/notifications';
import { startWorkerProcess, ApiProcess } from '../support/api-process';
import { CAST, consentBody, OPEN_CASE_BODY, referralBody } from '../support/fixtures';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';
import { apiClient, pool } from './api-fixtures';
import { number } from './api-report';

const RATE_PER_S = 50;
const LATENCY_REFERRALS = 500;
const THROUGHPUT_REFERRALS = 5_000;
// A quarter of the default WEBHOOK_CONCURRENCY, and the default.
const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '32,128').split(',').map(Number);
const SETUP_CONCURRENCY = 16;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const TARGET_P50_MS = 50;
const TARGET_P99_MS = 250;
const TARGET_DELIVERIES = 1_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function waitForAsync(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const receiver = await WebhookReceiver.start();
  const test: TestApp = await startTestApp('bench_notifications', {
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '30',
    RATE_LIMIT_PER_MINUTE: '0',
    NOTIFICATION_SWEEP_INTERVAL_MS: '1000',
  });
  let worker: ApiProcess | null = null;
  let closeQueue = async () => undefined as void;
  const startWorker = (concurrency: number) =>
    startWorkerProcess(
      {
        ...test.env,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WEBHOOK_CONCURRENCY: String(concurrency),
        DATABASE_POOL_SIZE: '20',
      },
      // BENCH_CPU_PROFILE=<dir>: each worker process writes a V8 tick log there, as it runs
      // (it ends by a signal, so --cpu-prof would write nothing); `node --prof-process` reads it.
      process.env.BENCH_CPU_PROFILE
        ? [
            '--prof',
            '--no-logfile-per-isolate',
            `--logfile=${process.env.BENCH_CPU_PROFILE}/worker-c${concurrency}.log`,
          ]
        : [],
    );
  try {
    const redis = new Redis(test.env.REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(NOTIFICATION_QUEUE, {
      connection: redis,
      prefix: `${test.env.REDIS_PREFIX}:bull`,
    });
    closeQueue = async () => {
      await queue.close();
      redis.disconnect();
    };
    const origin = `http://127.0.0.1:${(test.app.getHttpServer().address() as { port: number }).port}`;
    const hook = (path: string) => ({ webhookUrl: receiver.url(path), secret: SECRET });
    const lead = await registerAgency(test, { ...CAST.fiaLahore, notification: hook('/fia') });
    const shelter = await registerAgency(test, {
      ...CAST.darUlAmanLahore,
      notification: hook('/shelter'),
    });
    const api = apiClient(origin, lead.officer);
    const prepareCases = (n: number) =>
      pool(Array.from({ length: n }), SETUP_CONCURRENCY, async () => {
        const { caseId } = await api<{ caseId: string }>('POST', '/v1/cases', OPEN_CASE_BODY);
        await api('POST', `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));
        return caseId;
      });
    const referralsTo = () => referralBody(shelter.agencyId, { urgency: 'emergency' });
    worker = await startWorker(CONCURRENCIES[0]);

    // 1. Latency at a steady 50 referrals/s.
    const cases = await prepareCases(LATENCY_REFERRALS);
    const sentAt = new Map<string, number>();
    const arrivals = new Map<string, number>();
    const seen = receiver.received.length;
    const started = performance.now();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < cases.length; i++) {
      const due = started + (i * 1000) / RATE_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const t0 = Date.now();
      posts.push(
        api<{ referralId: string }>('POST', `/v1/cases/${cases[i]}/referrals`, referralsTo()).then(
          ({ referralId }) => void sentAt.set(referralId, t0),
        ),
      );
    }
    await Promise.all(posts);
    let read = seen;
    await waitFor(
      () => {
        for (; read < receiver.received.length; read++) {
          const hook = receiver.received[read];
          const body = JSON.parse(hook.body);
          if (body.type === 'referral.requested' && !arrivals.has(body.data.referralId)) {
            arrivals.set(body.data.referralId, hook.receivedAt);
          }
        }
        return arrivals.size >= cases.length && [...sentAt.keys()].every((id) => arrivals.has(id));
      },
      60_000,
      'every referral webhook',
    );
    const latencies = [...sentAt].map(([id, t0]) => arrivals.get(id)! - t0).sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);

    // 2. Throughput: webhooks queued while no worker runs, then delivered at concurrency c.
    const throughput: { concurrency: number; perSecond: number; raw: number }[] = [];
    for (const concurrency of CONCURRENCIES) {
      await worker?.kill('SIGTERM');
      worker = null;
      const batch = await prepareCases(THROUGHPUT_REFERRALS);
      const from = receiver.received.length;
      const referrals = new Set(
        await pool(batch, SETUP_CONCURRENCY * 2, async (caseId) => {
          const { referralId } = await api<{ referralId: string }>(
            'POST',
            `/v1/cases/${caseId}/referrals`,
            referralsTo(),
          );
          return referralId;
        }),
      );
      // The relay has turned every referral into a queued job before a worker takes any.
      await waitForAsync(
        async () => (await queue.getWaitingCount()) >= referrals.size,
        60_000,
        'every webhook queued',
      );
      worker = await startWorker(concurrency);
      // Arrivals are read once each: the receiver's list grows while this waits.
      const times: number[] = [];
      let read = from;
      await waitFor(
        () => {
          for (; read < receiver.received.length; read++) {
            const hook = receiver.received[read];
            if (referrals.has(JSON.parse(hook.body).data.referralId)) times.push(hook.receivedAt);
          }
          return times.length >= referrals.size;
        },
        180_000,
        'every queued webhook',
      );
      times.sort((a, b) => a - b);
      if (process.env.BENCH_WORKER_OUTPUT) console.log(worker.output().slice(-3000));
      const perSecond = ((times.length - 1) * 1000) / (times[times.length - 1] - times[0]);
      throughput.push({ concurrency, perSecond, raw: await rawRate(receiver, concurrency) });
    }

    const best = throughput.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const rawBest = Math.max(...throughput.map((t) => t.raw));
    console.log(
      `\nnotifications benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    console.log('| scenario | value | target |');
    console.log('|---|--:|---|');
    console.log(
      `| referral POST → webhook received, p50 at ${RATE_PER_S}/s (${LATENCY_REFERRALS} referrals) | ${number(p50, 1)} ms | ≤ ${TARGET_P50_MS} ms ${p50 <= TARGET_P50_MS ? 'PASS' : 'BELOW'} |`,
    );
    console.log(
      `| referral POST → webhook received, p99 | ${number(p99, 1)} ms | ≤ ${TARGET_P99_MS} ms ${p99 <= TARGET_P99_MS ? 'PASS' : 'BELOW'} |`,
    );
    for (const t of throughput) {
      console.log(
        `| deliveries/s, WEBHOOK_CONCURRENCY=${t.concurrency} (${THROUGHPUT_REFERRALS} queued) | ${number(t.perSecond)} | ≥ ${number(TARGET_DELIVERIES)} ${t.perSecond >= TARGET_DELIVERIES ? 'PASS' : 'BELOW'} |`,
      );
      console.log(
        `| receiver's raw rate, plain client at concurrency ${t.concurrency} (limit) | ${number(t.raw)} | ratio ${(t.perSecond / t.raw).toFixed(2)} |`,
      );
    }
    console.log(
      `\nSUMMARY webhook_p50_ms=${p50.toFixed(1)} webhook_p99_ms=${p99.toFixed(1)} deliveries_per_s=${Math.round(best.perSecond)} receiver_raw_per_s=${Math.round(rawBest)}`,
    );
  } finally {
    await worker?.kill('SIGTERM');
    await closeQueue();
    await test.close();
    await receiver.close();
  }
}

/** The receiver's own limit: the same POST from a plain keep-alive client, `concurrency` at once. */
async function rawRate(receiver: WebhookReceiver, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = receiver.received[receiver.received.length - 1].body;
  const total = THROUGHPUT_REFERRALS;
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        receiver.url('/raw'),
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await pool(Array.from({ length: total }), concurrency, post);
  const rate = (total * 1000) / (performance.now() - started);
  agent.destroy();
  return rate;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
