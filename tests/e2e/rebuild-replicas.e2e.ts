import { execFile } from 'node:child_process';
import { createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { eventually } from '../support/async';
import { CAST } from '../support/fixtures';
import { registerAgency, startReplica, startTestApp, TestApp } from '../support/test-app';
import { as, get, Json, openCase, post } from './helpers/api';

/** A load balancer in front of the replicas' ports: each request to the next, in turn. */
async function roundRobin(ports: number[]): Promise<{ port: number; close(): Promise<void> }> {
  let next = 0;
  const server = createServer((incoming, answer) => {
    const port = ports[next++ % ports.length];
    const upstream = request(
      {
        host: '127.0.0.1',
        port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    upstream.on('error', () => answer.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const portOf = (test: TestApp) => (test.app.getHttpServer().address() as AddressInfo).port;

const statusOf = async (test: TestApp, name: string): Promise<Json> =>
  (await get(test, test.adminKey, `/v1/admin/projections/${name}`).expect(200)).body;

/**
 * Two replicas on one database, the first delivering the subscriptions, and an operator's
 * `npm run projections:rebuild` through a load balancer that sends its requests to each in turn.
 */
describe('rebuilding behind a load balancer', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp('rebuild_replicas');
    b = await startReplica(a);
    const lead = as(await registerAgency(a, CAST.fiaLahore), 'officer');
    for (let i = 0; i < 3; i++) await openCase(a, lead);
    await a.projected();
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('is refused by a replica that does not deliver, and followed on the one that rebuilds', async () => {
    // The replica standing by cannot rebuild: the other keeps delivering, and so the lock.
    const refused = await post(b, b.adminKey, '/v1/admin/projections/statistics/rebuild');
    expect(refused.status).toBe(202);
    await eventually(async () => (await statusOf(b, 'statistics')).state === 'failed', {
      what: 'the standby replica’s rebuild refused',
      timeoutMs: 15_000,
    });
    expect((await statusOf(b, 'statistics')).error).toContain('Another process delivers');

    // Through the balancer: the rebuild starts on the first replica (the one delivering, which
    // hands its subscriber's lock to the rebuild), and every other poll reaches the second,
    // whose status is of its own refused rebuild. The CLI follows its own.
    const balancer = await roundRobin([portOf(a), portOf(b)]);
    try {
      const cli = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [
            '-r',
            '@swc-node/register',
            'apps/projections-cli/src/main.ts',
            'statistics',
            '--url',
            `http://127.0.0.1:${balancer.port}`,
          ],
          {
            cwd: join(__dirname, '../..'),
            env: { ...process.env, BOOTSTRAP_ADMIN_KEY: a.adminKey },
          },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
        ),
      );
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      const done = await statusOf(a, 'statistics');
      expect(done.state).toBe('done');
      expect(cli.stdout).toContain(`statistics: rebuilt, ${done.eventsHandled} events`);
      expect((await statusOf(b, 'statistics')).state).toBe('failed');
    } finally {
      await balancer.close();
    }
  });
});
