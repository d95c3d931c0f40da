import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { open, seal, Sealed } from './aead';
import { MASTER_KEY } from './master-key';

export class PersonalDataErasedError extends Error {
  constructor() {
    super('the personal data of this case has been erased');
    this.name = 'PersonalDataErasedError';
  }
}

/**
 * Victims' personal data is sealed with a key of its own case before it enters any event, and
 * that key is kept here, outside the event log, wrapped by the master key. Erasure deletes the
 * key (crypto-shredding): the events stay and still verify, the data cannot be read again.
 */
@Injectable()
export class PersonalDataVault {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(MASTER_KEY) private readonly masterKey: Buffer,
  ) {}

  /** Creates the case's data key (once; a retried open reuses it) and seals the data with it. */
  async sealForCase(caseId: string, personal: Record<string, unknown>): Promise<Sealed> {
    // With create, caseKey returns a key or throws.
    const { keyId, key } = (await this.caseKey(caseId, { create: true }))!;
    return seal(key, keyId, Buffer.from(JSON.stringify(personal), 'utf8'), caseId);
  }

  /** The cleartext, or null once the case key is destroyed. */
  async openForCase(caseId: string, sealed: Sealed): Promise<Record<string, unknown> | null> {
    const caseKey = await this.caseKey(caseId, { create: false });
    if (!caseKey || caseKey.keyId !== sealed.keyId) return null;
    return JSON.parse(open(caseKey.key, sealed, caseId).toString('utf8')) as Record<
      string,
      unknown
    >;
  }

  async destroyCaseKey(caseId: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query('DELETE FROM case_keys WHERE case_id = $1', [caseId]);
      await tx.query('INSERT INTO erased_cases (case_id) VALUES ($1) ON CONFLICT DO NOTHING', [
        caseId,
      ]);
    });
  }

  private async caseKey(
    caseId: string,
    { create }: { create: boolean },
  ): Promise<{ keyId: string; key: Buffer } | null> {
    const { rows } = await this.sql.query<{ key_id: string; wrapped_key: Sealed; erased: boolean }>(
      `SELECT k.key_id::text AS key_id, k.wrapped_key, false AS erased FROM case_keys k WHERE k.case_id = $1
       UNION ALL
       SELECT NULL, NULL, true FROM erased_cases e WHERE e.case_id = $1`,
      [caseId],
    );
    if (rows.some((row) => row.erased)) {
      if (create) throw new PersonalDataErasedError();
      return null;
    }
    if (rows.length > 0) {
      return {
        keyId: rows[0].key_id,
        key: open(this.masterKey, rows[0].wrapped_key, `case-key:${caseId}`),
      };
    }
    if (!create) return null;
    const keyId = uuidv7();
    const key = randomBytes(32);
    const wrapped = seal(this.masterKey, 'master', key, `case-key:${caseId}`);
    const { rows: inserted } = await this.sql.query<{ key_id: string }>(
      `INSERT INTO case_keys (case_id, key_id, wrapped_key) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET case_id = EXCLUDED.case_id
       RETURNING key_id::text AS key_id, wrapped_key`,
      [caseId, keyId, JSON.stringify(wrapped)],
    );
    if (inserted[0].key_id === keyId) return { keyId, key };
    return this.caseKey(caseId, { create: false });
  }
}
