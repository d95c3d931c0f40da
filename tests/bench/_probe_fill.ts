import { v7 as uuidv7 } from 'uuid';
import { migrate, PgSqlClient } from '@app/database';
import { EVENT_STORE_MIGRATIONS, SqlEventStore } from '@app/event-store';
async function main() {
  const sql = new PgSqlClient({
    connectionString: 'postgres://postgres@127.0.0.1:5432/sr_test_probe_x',
    max: 8,
  });
  await migrate(sql, EVENT_STORE_MIGRATIONS);
  const store = new SqlEventStore(sql);
  const ev = () => ({
    eventId: uuidv7(),
    type: 'referral.requested.v1',
    data: {
      referralId: uuidv7(),
      fromAgencyId: 'fia-islamabad',
      toAgencyId: 'shelter-lahore',
      services: ['shelter', 'medical', 'legal-aid'],
      urgency: 'high',
      note: 'Interpreter (Urdu, Punjabi) needed; female caseworker requested.',
    },
    metadata: {
      actor: { agencyId: 'fia-islamabad', officerId: 'officer-0017', role: 'caseworker' },
      correlationId: uuidv7(),
      causationId: uuidv7(),
    },
  });
  // mix: 20k single-event appends + batches
  for (let i = 0; i < 20000; i += 8)
    await Promise.all(
      Array.from({ length: 8 }, () =>
        store.append('case-' + uuidv7(), [ev()], { expectedVersion: 'no-stream' }),
      ),
    );
  for (let v = 0; v < 10000; v += 1000)
    await store.append('case-long', Array.from({ length: 1000 }, ev), {
      expectedVersion: v || 'no-stream',
    });
  for (let i = 0; i < 90; i++)
    await store.append('case-' + uuidv7(), Array.from({ length: 1000 }, ev), {
      expectedVersion: 'no-stream',
    });
  await sql.close();
}
main();
