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

  /**
   * Creates the case's data key (once: a retried open gets the same key back) and seals the data
   * with it, in one round trip. A case whose key was destroyed never gets a new one.
   */
  async sealForCase(caseId: string, personal: Record<string, unknown>): Promise<Sealed> {
    const keyId = uuidv7();
    const fresh = randomBytes(32);
    const { rows } = await this.sql.query<{ key_id: string; wrapped_key: Sealed }>(
      `INSERT INTO case_keys (case_id, key_id, wrapped_key)
       SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM erased_cases WHERE case_id = $1)
       ON CONFLICT (case_id) DO UPDATE SET case_id = EXCLUDED.case_id
       RETURNING key_id::text AS key_id, wrapped_key`,
      [caseId, keyId, JSON.stringify(seal(this.masterKey, 'master', fresh, `case-key:${caseId}`))],
    );
    if (rows.length === 0) throw new PersonalDataErasedError();
    const key = rows[0].key_id === keyId ? fresh : this.unwrap(caseId, rows[0].wrapped_key);
    return seal(key, rows[0].key_id, Buffer.from(JSON.stringify(personal), 'utf8'), caseId);
  }

  /** The cleartext, or null once the case key is destroyed. */
  async openForCase(caseId: string, sealed: Sealed): Promise<Record<string, unknown> | null> {
    const caseKey = await this.caseKey(caseId);
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

  private async caseKey(caseId: string): Promise<{ keyId: string; key: Buffer } | null> {
    const { rows } = await this.sql.query<{ key_id: string; wrapped_key: Sealed }>(
      'SELECT key_id::text AS key_id, wrapped_key FROM case_keys WHERE case_id = $1',
      [caseId],
    );
    return rows[0]
      ? { keyId: rows[0].key_id, key: this.unwrap(caseId, rows[0].wrapped_key) }
      : null;
  }

  private unwrap(caseId: string, wrapped: Sealed): Buffer {
    return open(this.masterKey, wrapped, `case-key:${caseId}`);
  }
}
