import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { migrate } from '@app/database';
import { CRYPTO_MIGRATIONS, PersonalDataErasedError, PersonalDataVault } from '@app/crypto';
import { observedSql, SQL_BACKENDS, SqlBackend } from '../support/sql-backends';

describe.each(SQL_BACKENDS)('PersonalDataVault on %s', (_name, start) => {
  let backend: SqlBackend;
  let vault: PersonalDataVault;
  const statements: string[] = [];

  beforeAll(async () => {
    backend = await start('vault');
    await migrate(backend.sql, CRYPTO_MIGRATIONS);
    // Every statement the vault sends, to see how many round trips a burst of opens costs.
    vault = new PersonalDataVault(
      observedSql(backend.sql, (text) => statements.push(text)),
      randomBytes(32),
    );
  });

  afterAll(() => backend?.close());
  beforeEach(() => (statements.length = 0));

  const personal = (n: number) => ({ fullName: `Victim ${n}`, cnic: `35202-00000${n}-1` });
  const keyRows = async (caseIds: string[]) =>
    (
      await backend.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM case_keys WHERE case_id = ANY($1::uuid[])',
        [caseIds],
      )
    ).rows[0].n;

  it('stores the keys of cases opened at once in fewer statements than cases, each key its own', async () => {
    const caseIds = Array.from({ length: 40 }, () => uuidv7());
    const sealed = await Promise.all(caseIds.map((id, n) => vault.sealForCase(id, personal(n))));

    expect(new Set(sealed.map((s) => s.keyId)).size).toBe(40);
    expect(await keyRows(caseIds)).toBe(40);
    expect(statements.length).toBeGreaterThanOrEqual(1);
    expect(statements.length).toBeLessThan(40);
    for (const [n, id] of caseIds.entries()) {
      await expect(vault.openForCase(id, sealed[n])).resolves.toEqual(personal(n));
    }
    // Bound to its own case: another case's key does not open it.
    await expect(vault.openForCase(caseIds[1], sealed[0])).resolves.toBeNull();
  });

  it('gives every open of one case the same key, within a batch and after it', async () => {
    const caseId = uuidv7();
    const together = await Promise.all(
      [0, 1, 2].map((n) => vault.sealForCase(caseId, personal(n))),
    );
    const later = await vault.sealForCase(caseId.toUpperCase(), personal(3));

    expect(new Set([...together, later].map((s) => s.keyId)).size).toBe(1);
    expect(await keyRows([caseId])).toBe(1);
    for (const [n, s] of together.entries()) {
      await expect(vault.openForCase(caseId, s)).resolves.toEqual(personal(n));
    }
  });

  it('refuses a case id that is not a UUID without failing the cases opened with it', async () => {
    const good = uuidv7();
    const results = await Promise.allSettled([
      vault.sealForCase(uuidv7(), personal(0)),
      vault.sealForCase(good, personal(1)),
      vault.sealForCase('not-a-case-id', personal(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(await keyRows([good])).toBe(1);
  });

  it('refuses a key to an erased case without failing the cases written with it', async () => {
    const erased = uuidv7();
    await vault.sealForCase(erased, personal(0));
    await vault.destroyCaseKey(erased);

    const others = [uuidv7(), uuidv7()];
    const results = await Promise.allSettled([
      vault.sealForCase(others[0], personal(1)),
      vault.sealForCase(erased, personal(2)),
      vault.sealForCase(others[1], personal(3)),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(PersonalDataErasedError);
    expect(await keyRows([erased])).toBe(0);
    expect(await keyRows(others)).toBe(2);
  });
});
