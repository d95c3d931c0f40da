import { v7 as uuidv7 } from 'uuid';
import { ACCESS_MIGRATIONS, ApiKeyRepository, ApiKeyService } from '@app/access';
import { loadConfig } from '@app/config';
import { migrate, SqlClient } from '@app/database';
import { SQL_BACKENDS, SqlBackend } from '../support/sql-backends';

/** API keys on both databases: stored as hashes, kept while changes are heard of, revoked at once. */
describe.each(SQL_BACKENDS)('API keys on %s', (_name, open) => {
  let backend: SqlBackend;
  let sql: SqlClient;
  let keys: ApiKeyService;
  const bootstrap = 'bootstrap-admin-key-for-tests-0123456789';

  beforeAll(async () => {
    backend = await open('api_keys');
    sql = backend.sql;
    await migrate(sql, ACCESS_MIGRATIONS);
    await sql.query(
      `INSERT INTO agencies (agency_id, name, type, province, services)
       VALUES ('fia-lahore', 'FIA Lahore', 'fia', 'punjab', '[]')`,
    );
    keys = new ApiKeyService(
      sql,
      new ApiKeyRepository(sql),
      loadConfig({ BOOTSTRAP_ADMIN_KEY: bootstrap }),
    );
    await keys.onModuleInit();
  });

  afterAll(async () => {
    await keys?.onApplicationShutdown();
    await backend?.close();
  });

  const fresh = () => ({ id: uuidv7(), resumed: false });

  it('authenticates an issued key, which is stored only as its hash', async () => {
    const operation = fresh();
    const issued = await keys.issue(operation, 'fia-lahore', 'officer', 'case system');
    expect(issued).toEqual({ keyId: operation.id, apiKey: expect.stringMatching(/^srk_/) });
    expect(await keys.authenticate(issued!.apiKey)).toEqual({
      agencyId: 'fia-lahore',
      role: 'officer',
      keyId: operation.id,
    });
    const { rows } = await sql.query('SELECT t::text AS row FROM api_keys t');
    for (const { row } of rows as Array<{ row: string }>) expect(row).not.toContain(issued!.apiKey);
    expect(await keys.authenticate('srk_not-a-key')).toBeNull();
  });

  it('refuses a revoked key on the very next request; revoking again changes nothing', async () => {
    const issued = (await keys.issue(fresh(), 'fia-lahore', 'officer', 'to revoke'))!;
    expect(await keys.authenticate(issued.apiKey)).not.toBeNull();
    expect(await keys.revoke(issued.keyId)).toBe(true);
    expect(await keys.authenticate(issued.apiKey)).toBeNull();
    expect(await keys.revoke(issued.keyId)).toBe(false);
  });

  it('a resumed operation gives its key a new secret; a fresh one never overwrites', async () => {
    const operation = fresh();
    const lost = (await keys.issue(operation, 'fia-lahore', 'officer', 'lost answer'))!;
    expect(await keys.issue(operation, 'fia-lahore', 'officer', 'lost answer')).toBeNull();
    const again = (await keys.issue(
      { ...operation, resumed: true },
      'fia-lahore',
      'officer',
      'x',
    ))!;
    expect(again.keyId).toBe(lost.keyId);
    expect(await keys.authenticate(lost.apiKey)).toBeNull();
    expect(await keys.authenticate(again.apiKey)).toMatchObject({ keyId: lost.keyId });
  });

  it('accepts the bootstrap key as the service administrators', async () => {
    expect(await keys.authenticate(bootstrap)).toEqual({
      agencyId: 'system',
      role: 'admin',
      keyId: 'bootstrap',
    });
  });
});
