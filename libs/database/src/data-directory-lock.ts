import { randomUUID } from 'node:crypto';
import { readFile, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import * as lockfile from 'proper-lockfile';

const logger = new Logger('DataDirectoryLock');

export class DataDirectoryLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The data directory ${dataDir} is in use by another Safe Referral process. ` +
        'Embedded PostgreSQL allows one process per data directory: stop the other process, ' +
        'or give this one its own DATA_DIR.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

/** Who holds the lock: enough to tell, on the same machine, that it is no longer running. */
interface Holder {
  pid: number;
  hostname: string;
  /** The kernel's id of this boot, and the pid namespace: pids mean something only within both. */
  bootId: string | null;
  pidNamespace?: string | null;
  /** When the process started (clock ticks since boot): a reused pid is another process. */
  startTime: string | null;
  /** Which lock directory it made (inode and birth time): a later lock is another's. */
  lock?: string;
}

/**
 * The lock on an embedded data directory: `proper-lockfile`'s directory lock at `DATA_DIR/.lock`,
 * refreshed while held and taken over once stale (not refreshed for `staleMs`), plus a record of
 * its holder beside it (`.lock.holder`). A lock whose holder is provably gone — on this machine,
 * and its process no longer running (or another process under its pid, or another boot) — is
 * taken at once, so a restart after a crash does not wait out the staleness.
 *
 * The takeover is atomic: the dead holder's lock directory is renamed away (which only one
 * process can do), and put back if what was renamed turns out to be another, live holder's (a
 * lock directory is known by its inode and birth time, which the holder record names).
 */
export async function lockDataDirectory(
  dataDir: string,
  options: { staleMs: number; lockWaitMs: number },
): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, '.lock');
  const holderPath = `${lockPath}.holder`;
  await takeOverFromDeadHolder(lockPath, holderPath);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: lockPath,
      stale: options.staleMs,
      update: Math.max(1_000, Math.floor(options.staleMs / 3)),
      retries: {
        retries: Math.max(0, Math.ceil(options.lockWaitMs / 500)),
        minTimeout: 500,
        maxTimeout: 500,
        factor: 1,
      },
      realpath: false,
      // A refresh that came late (a long synchronous stretch of the WASM engine) is the usual
      // cause; proper-lockfile's default would throw from a timer and kill the process.
      onCompromised: (error) =>
        logger.error(`data directory lock could not be refreshed: ${error.message}`),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED')
      throw new DataDirectoryLockedError(dataDir);
    throw error;
  }
  try {
    const holder = { ...(await thisProcess()), lock: await identity(lockPath) };
    await writeFile(holderPath, JSON.stringify(holder), { mode: 0o600 });
  } catch (error) {
    await release();
    throw error;
  }
  return async () => {
    await rm(holderPath, { force: true });
    await release();
  };
}

async function takeOverFromDeadHolder(lockPath: string, holderPath: string): Promise<void> {
  const holder = await readHolder(holderPath);
  if (!holder?.lock || !(await isGone(holder))) return;
  const aside = `${lockPath}.taken-over-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // gone already, or another process took it over first: the lock attempt decides
  }
  if ((await identity(aside)) === holder.lock) {
    logger.warn(`took over the lock of process ${holder.pid}, which is no longer running`);
    await rm(aside, { recursive: true, force: true });
    return;
  }
  // Not the dead holder's lock any more (a live process locked meanwhile): give it back.
  await rename(aside, lockPath).catch(() => undefined);
}

async function readHolder(holderPath: string): Promise<Holder | null> {
  try {
    return JSON.parse(await readFile(holderPath, 'utf8')) as Holder;
  } catch {
    return null;
  }
}

async function identity(path: string): Promise<string | null> {
  try {
    const { ino, birthtimeMs } = await stat(path);
    return `${ino}/${birthtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * Provably not running. Only decided for a holder of this kernel's boot and pid namespace: a
 * hostname can be shared by machines and containers, and a pid means nothing outside its
 * namespace.
 */
async function isGone(holder: Holder): Promise<boolean> {
  const me = await thisProcess();
  if (holder.hostname !== me.hostname) return false;
  if (!holder.bootId || holder.bootId !== me.bootId) return false;
  if (!holder.pidNamespace || holder.pidNamespace !== me.pidNamespace) return false;
  if (!holder.startTime || !me.startTime) return false;
  if (holder.pid === me.pid && holder.startTime === me.startTime) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as { code?: string }).code === 'ESRCH';
  }
  // A process runs under that pid: the holder only if it started when the holder did.
  const startTime = await processStartTime(holder.pid);
  return startTime !== null && startTime !== holder.startTime;
}

async function thisProcess(): Promise<Holder> {
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: await readFile('/proc/sys/kernel/random/boot_id', 'utf8')
      .then((id) => id.trim())
      .catch(() => null),
    startTime: await processStartTime(process.pid),
    pidNamespace: await readlink('/proc/self/ns/pid').catch(() => null),
  };
}

/** Field 22 of /proc/<pid>/stat (Linux); null where there is no /proc. */
async function processStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
