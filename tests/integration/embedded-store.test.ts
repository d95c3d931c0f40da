import { ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirectoryLockedError, migrate, PgliteSqlClient } from '@app/database';
import { EVENT_STORE_MIGRATIONS, RecordedEvent, SqlEventStore } from '@app/event-store';
import { createTempDir } from '../support/temp-dir';

const CHILD = join(__dirname, '../support/embedded-store-child.ts');

interface Child {
  process: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  waitFor(predicate: (lines: string[]) => boolean, timeoutMs?: number): Promise<void>;
}

function startChild(mode: string, dataDir: string): Child {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, mode, dataDir], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    lines,
    exited,
    waitFor: async (predicate, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(lines)) {
        if (Date.now() > deadline)
          throw new Error(`child did not report in time: ${lines.slice(-3).join(' | ')}`);
        if (child.exitCode !== null) throw new Error(`child exited early: ${lines.join(' | ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

async function readAllEvents(store: SqlEventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of store.readStream(streamId)) events.push(e);
  return events;
}

describe('embedded event store (PGlite) across processes', () => {
  let dir: { path: string; remove(): Promise<void> };

  beforeEach(async () => {
    dir = await createTempDir('embedded');
  });

  afterEach(async () => {
    await dir.remove();
  });

  it('keeps every acknowledged append when the process is killed with SIGKILL', async () => {
    const dataDir = join(dir.path, 'data');
    const child = startChild('append', dataDir);
    await child.waitFor((lines) => lines.filter((l) => l.startsWith('ack ')).length >= 40);
    child.process.kill('SIGKILL');
    await child.exited;
    const acknowledged = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));

    // The killed process left its lock behind; it is gone, so the lock is taken at once.
    const sql = await PgliteSqlClient.open({ dataDir, lockWaitMs: 0 });
    try {
      await migrate(sql, EVENT_STORE_MIGRATIONS);
      const store = new SqlEventStore(sql);
      const stored = new Set((await readAllEvents(store, 'kill-test')).map((e) => e.eventId));
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);
      expect(lost).toEqual([]);
      expect((await store.verifyStream('kill-test')).valid).toBe(true);
    } finally {
      await sql.close();
    }
  });

  it('takes the lock of a holder that is gone at once, not after it went stale', async () => {
    const dataDir = join(dir.path, 'data');
    const child = startChild('hold', dataDir);
    await child.waitFor((lines) => lines.includes('ready'));
    child.process.kill('SIGKILL');
    await child.exited;
    // A 60 s staleness and no waiting at all: only the takeover of a dead holder opens it.
    const sql = await PgliteSqlClient.open({ dataDir, staleMs: 60_000, lockWaitMs: 0 });
    await sql.close();
  });

  it.each([
    ['another boot', { bootId: 'another-boot' }],
    ['another pid namespace', { pidNamespace: 'pid:[1]' }],
    ['another host', { hostname: 'another-host' }],
  ])('waits out the staleness of a holder of %s: its death is not provable', async (_, other) => {
    const dataDir = join(dir.path, 'data');
    const child = startChild('hold', dataDir);
    await child.waitFor((lines) => lines.includes('ready'));
    child.process.kill('SIGKILL');
    await child.exited;
    const holderFile = join(dataDir, '.lock.holder');
    const holder = JSON.parse(await readFile(holderFile, 'utf8'));
    await writeFile(holderFile, JSON.stringify({ ...holder, ...other }));
    // A 60 s staleness: a machine slow enough to let 10 s pass since the holder's last refresh
    // (it happens under load) must not make the lock look abandoned here.
    await expect(
      PgliteSqlClient.open({ dataDir, staleMs: 60_000, lockWaitMs: 0 }),
    ).rejects.toBeInstanceOf(DataDirectoryLockedError);
  });

  it('does not take the lock of a holder whose record names a process still running', async () => {
    const dataDir = join(dir.path, 'data');
    const child = startChild('hold', dataDir);
    await child.waitFor((lines) => lines.includes('ready'));
    try {
      await expect(PgliteSqlClient.open({ dataDir, lockWaitMs: 0 })).rejects.toBeInstanceOf(
        DataDirectoryLockedError,
      );
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });

  it('refuses a second process on a data directory in use, with a clear message', async () => {
    const dataDir = join(dir.path, 'data');
    const sql = await PgliteSqlClient.open({ dataDir });
    try {
      const second = startChild('open', dataDir);
      const code = await second.exited;
      expect(code).toBe(3);
      expect(second.lines.join('\n')).toMatch(
        /DataDirectoryLockedError: .*in use by another Safe Referral process/,
      );
    } finally {
      await sql.close();
    }
    const third = startChild('open', dataDir);
    expect(await third.exited).toBe(0);
    expect(third.lines).toContain('closed');
  });

  it('refuses a second open in the same process too', async () => {
    const dataDir = join(dir.path, 'data');
    const sql = await PgliteSqlClient.open({ dataDir });
    try {
      await expect(PgliteSqlClient.open({ dataDir, lockWaitMs: 0 })).rejects.toBeInstanceOf(
        DataDirectoryLockedError,
      );
    } finally {
      await sql.close();
    }
  });

  it('closes cleanly on SIGTERM and releases the directory at once', async () => {
    const dataDir = join(dir.path, 'data');
    const child = startChild('hold', dataDir);
    await child.waitFor((lines) => lines.includes('ready'));
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.lines).toContain('closed');
    const sql = await PgliteSqlClient.open({ dataDir, lockWaitMs: 0 });
    await sql.close();
  });
});
