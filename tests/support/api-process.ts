import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { sparePort } from './pg-cluster';

const ROOT = join(__dirname, '..', '..');

/**
 * The API as a process of its own (`apps/referral-api/src/main.ts`), for tests that kill it
 * (SIGKILL) or must see it survive what would crash it: a crash ends the process, not the test.
 */
export interface ApiProcess {
  http: ReturnType<typeof request>;
  port: number;
  adminKey: string;
  env: Record<string, string>;
  /** Everything the process wrote, for a failure's message. */
  output(): string;
  /** Set once the process has exited (code or signal), while the test goes on. */
  exited(): string | null;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** A new process with the same configuration (and port). */
  restart(): Promise<ApiProcess>;
}

export function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  return startProcess('apps/referral-api/src/main.ts', 'PORT', env);
}

/** The notification worker as a process of its own; `http` reaches its health endpoints. */
export function startWorkerProcess(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ApiProcess> {
  return startProcess('apps/notification-worker/src/main.ts', 'WORKER_PORT', env, nodeArgs);
}

async function startProcess(
  entry: string,
  portVariable: 'PORT' | 'WORKER_PORT',
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ApiProcess> {
  const port = Number(env[portVariable] ?? (await sparePort()));
  const adminKey = env.BOOTSTRAP_ADMIN_KEY ?? `test-admin-${randomBytes(16).toString('hex')}`;
  const fullEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN_KEY: adminKey,
    ...env,
    [portVariable]: String(port),
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '-r', '@swc-node/register', entry],
    {
      cwd: ROOT,
      env: { ...fullEnv, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    },
  );
  let output = '';
  let exited: string | null = null;
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ?? `exit code ${code}`;
      resolve();
    }),
  );
  const http = request(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${entry} ended at start (${exited}):\n${output}`);
    const live = await http
      .get('/health/live')
      .timeout(1_000)
      .catch(() => null);
    if (live?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`${entry} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const api: ApiProcess = {
    http,
    port,
    adminKey,
    env: fullEnv,
    output: () => output,
    exited: () => exited,
    kill: async (signal = 'SIGTERM') => {
      if (exited) return;
      child.kill(signal);
      await exit;
    },
    restart: async () => {
      await api.kill('SIGTERM');
      return startProcess(entry, portVariable, fullEnv, nodeArgs);
    },
  };
  return api;
}
