import { PgSqlClient } from '@app/database';
import { SqlEventStore } from '@app/event-store';
async function main() {
  const sql = new PgSqlClient({
    connectionString: 'postgres://postgres@127.0.0.1:5432/sr_test_probe_x',
    max: 4,
  });
  const store = new SqlEventStore(sql);
  for (let i = 0; i < 3; i++)
    for await (const _ of store.readStream('case-long')) {
    }
  const cpu0 = process.cpuUsage();
  const s = process.hrtime.bigint();
  for (let i = 0; i < 20; i++)
    for await (const _ of store.readStream('case-long')) {
    }
  const wall = Number(process.hrtime.bigint() - s) / 1e6 / 20;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    'per read: wall',
    wall.toFixed(1),
    'ms; node cpu',
    ((cpu.user + cpu.system) / 1000 / 20).toFixed(1),
    'ms',
  );
  await sql.close();
}
main();
