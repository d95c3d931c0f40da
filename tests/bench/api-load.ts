/**
 * Load generator of `npm run bench:api`, forked as a process of its own so that neither
 * autocannon nor the setup requests run on the event loop of the API being measured. Each IPC
 * message is one job: `load` (autocannon; latencies are its per-response timings in float ms)
 * or `prepare` (the referrals to acknowledge later); the answer is `{ result }` or `{ error }`.
 */
import autocannon from 'autocannon';
import { PrepareReferrals, prepareReferrals } from './api-fixtures';

export type LoadJob =
  { kind: 'load'; spec: LoadSpec } | { kind: 'prepare'; spec: PrepareReferrals };

export interface LoadSpec {
  origin: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** One path, repeated; or several, each sent once in order (`amount` = their number). */
  paths: string[];
  connections: number;
  durationSec?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  const once = spec.paths.length > 1;
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin + spec.paths[0],
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        connections: spec.connections,
        ...(once ? { amount: spec.paths.length } : { duration: spec.durationSec ?? 5 }),
        timeout: 10,
        // Each client builds a request only to send it, and `amount` is split among the clients,
        // so every path is taken exactly once; the modulo only guards the index.
        requests: once
          ? [
              {
                setupRequest: (request) => ({
                  ...request,
                  path: spec.paths[next++ % spec.paths.length],
                }),
              },
            ]
          : undefined,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const sorted = latencies.sort((a, b) => a - b);
        resolve({
          requests: latencies.length,
          seconds: result.duration,
          ok,
          statuses,
          errors: result.errors,
          timeouts: result.timeouts,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          maxMs: sorted[sorted.length - 1] ?? NaN,
        });
      },
    );
    instance.on('response', (_client, statusCode: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok++;
    });
  });
}

if (require.main === module && process.send) {
  process.on('message', (job: LoadJob) => {
    const work: Promise<unknown> =
      job.kind === 'load' ? runLoad(job.spec) : prepareReferrals(job.spec);
    work.then(
      (result) => process.send!({ result }),
      (error: unknown) => process.send!({ error: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
