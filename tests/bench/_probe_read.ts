import { Pool } from 'pg';
import { PgSqlClient } from '@app/database';
import { SqlEventStore } from '@app/event-store';
const url = 'postgres://postgres@127.0.0.1:5432/sr_test_probe_x';
const COLUMNS = `global_position::text AS global_position, transaction_id::text AS transaction_id,
  stream_id, version, event_id::text AS event_id, type, data, metadata, prev_hash, hash`;
const raw = { getTypeParser: () => (x: string) => x };
async function t(label: string, f: () => Promise<unknown>, n = 10) {
  await f(); const all: number[] = [];
  for (let i = 0; i < n; i++) { const s = process.hrtime.bigint(); await f(); all.push(Number(process.hrtime.bigint() - s) / 1e6); }
  all.sort((a, b) => a - b);
  console.log(label.padEnd(50), 'min', all[0].toFixed(1), 'median', all[n >> 1].toFixed(1), 'ms');
}
async function main() {
  const sql = new PgSqlClient({ connectionString: url, max: 4 });
  const store = new SqlEventStore(sql);
  const pool = new Pool({ connectionString: url, max: 4 });
  const Q = `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version ASC LIMIT $3`;
  const pages = (text: string, size: number, types?: unknown) => async () => { for (let v = 1; v <= 10000; v += size) await pool.query({ text, values: ['case-long', v, size], types } as never); };
  await t('store.readStream 10k', async () => { for await (const _ of store.readStream('case-long')) {} });
  await t('10 pages of 1000, pg parse', pages(Q, 1000));
  await t('10 pages of 1000, no type parsing', pages(Q, 1000, raw));
  await t('2 pages of 5000, pg parse', pages(Q, 5000));
  await t('10 pages, only data+metadata columns, no parse', pages(`SELECT data, metadata FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version ASC LIMIT $3`, 1000, raw));
  await t('10 pages, only version column', pages(`SELECT version FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version ASC LIMIT $3`, 1000, raw));
  const { rows } = await pool.query({ text: `SELECT data::text d, metadata::text m FROM events WHERE stream_id = 'case-long'` });
  await t('JSON.parse data+metadata 10k rows (CPU only)', async () => { for (const r of rows) { JSON.parse(r.d); JSON.parse(r.m); } });
  console.log('avg data+metadata bytes', rows.reduce((a, r) => a + r.d.length + r.m.length, 0) / rows.length);
  await pool.end(); await sql.close();
}
main();
