/**
 * Where the CPU of a benchmark run went: the API process, the load generator, the run's own
 * PostgreSQL backends, and the rest of the machine, from /proc (Linux). And, with
 * BENCH_CPU_PROFILE=<dir>, the API process's CPU profile of each scenario.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { Client } from 'pg';

/** CPU time (ms) used so far: the API process, the load generator, postgres processes, the machine. */
export interface CpuSample {
  wallMs: number;
  api: number;
  load: number;
  postgres: Map<string, number>;
  machineBusy: number;
}

export interface CpuShare {
  /** CPU of the API process per request, ms. */
  apiMsPerRequest: number;
  /** Cores kept busy on average by each party. */
  api: number;
  postgres: number;
  load: number;
  other: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process from /proc, in ms; 0 when it is gone. */
function processCpuMs(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ms of every postgres process of the machine (other databases' backends included), by pid. */
function postgresCpuMs(): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') {
        byPid.set(pid, processCpuMs(pid));
      }
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/**
 * CPU used between two samples by the postgres processes in `ours` (alive at the second sample;
 * exited ones are left out).
 */
function postgresDelta(
  before: Map<string, number>,
  after: Map<string, number>,
  ours: Set<string>,
): number {
  let total = 0;
  for (const [pid, ms] of after) {
    if (ours.has(pid)) total += Math.max(0, ms - (before.get(pid) ?? 0));
  }
  return total;
}

/**
 * The backends of the bench's database and the server's background processes (WAL writer,
 * checkpointer ...), which serve it too; not the other databases' backends.
 */
export async function ourPostgresPids(monitor: Client): Promise<Set<string>> {
  const { rows } = await monitor.query<{ pid: string }>(
    'SELECT pid::text AS pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL',
  );
  return new Set(rows.map((row) => row.pid));
}

function machineBusyMs(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

export function cpuSample(loadPid: number | undefined): CpuSample {
  return {
    wallMs: performance.now(),
    api: processCpuMs(process.pid),
    load: loadPid ? processCpuMs(loadPid) : 0,
    postgres: postgresCpuMs(),
    machineBusy: machineBusyMs(),
  };
}

export function cpuShare(
  before: CpuSample,
  after: CpuSample,
  ours: Set<string>,
  requests: number,
): CpuShare {
  const wall = after.wallMs - before.wallMs;
  const api = after.api - before.api;
  const postgres = postgresDelta(before.postgres, after.postgres, ours);
  const load = after.load - before.load;
  const busy = after.machineBusy - before.machineBusy;
  return {
    apiMsPerRequest: api / Math.max(1, requests),
    api: api / wall,
    postgres: postgres / wall,
    load: load / wall,
    other: Math.max(0, busy - api - postgres - load) / wall,
  };
}

/**
 * With BENCH_CPU_PROFILE=<dir>, the API process's CPU profile of each measured scenario is
 * written there (`.cpuprofile`, for Chrome DevTools or speedscope); the profiler slows the API.
 */
export async function startProfile(): Promise<{ stop(name: string): Promise<void> } | undefined> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.error(`CPU profile written to ${file}`);
    },
  };
}
