// A separate process for the embedded-store durability and locking tests.
// Usage: embedded-store-child.ts <append|hold|open> <dataDir>
import { v7 as uuidv7 } from 'uuid';
import { migrate, PgliteSqlClient } from '@app/database';
import { EVENT_STORE_MIGRATIONS, SqlEventStore } from '@app/event-store';

const [mode, dataDir] = process.argv.slice(2);
const STALE_MS = 5_000;
/**
 * `open` asks whether a live holder's lock is refused: a staleness no stall of the holder's
 * refresh reaches (under load a test process's timers can be late by more than 5 s), so that only
 * the refusal is tested, not the takeover of a lock left unrefreshed.
 */
const OPEN_STALE_MS = 60_000;

async function main(): Promise<void> {
  const sql = await PgliteSqlClient.open({
    dataDir,
    staleMs: mode === 'open' ? OPEN_STALE_MS : STALE_MS,
    lockWaitMs: mode === 'open' ? 0 : 10_000,
  });
  const shutdown = async () => {
    await sql.close();
    process.stdout.write('closed\n');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await migrate(sql, EVENT_STORE_MIGRATIONS);
  const store = new SqlEventStore(sql);
  process.stdout.write('ready\n');
  if (mode === 'open') {
    await shutdown();
    return;
  }
  if (mode === 'append') {
    for (let version = await store.streamVersion('kill-test'); ; version++) {
      const eventId = uuidv7();
      await store.append(
        'kill-test',
        [{ eventId, type: 'test.appended.v1', data: { version: version + 1 } }],
        { expectedVersion: version === 0 ? 'no-stream' : version },
      );
      // Written only after the append was acknowledged: the parent counts on every id it sees.
      process.stdout.write(`ack ${eventId}\n`);
    }
  }
  setInterval(() => undefined, 60_000);
}

main().catch((error: Error) => {
  process.stdout.write(`error ${error.name}: ${error.message}\n`);
  process.exit(3);
});
