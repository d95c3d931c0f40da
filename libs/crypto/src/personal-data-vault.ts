import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { SQL_CLIENT, SqlClient, WriteBatcher } from '@app/database';
import { open, seal, Sealed } from './aead';
import { MASTER_KEY } from './master-key';

export class PersonalDataErasedError extends Error {
  constructor() {
    super('the personal data of this case has been erased');
    this.name = 'PersonalDataErasedError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A case's data key as stored: wrapped by the master key. */
interface KeyRow {
  caseId: string;
  keyId: string;
  wrapped: Sealed;
}

/**
 * Victims' personal data is sealed with a key of its own case before it enters any event, and
 * that key is kept here, outside the event log, wrapped by the master key. Erasure deletes the
 * key (crypto-shredding): the events stay and still verify, the data cannot be read again.
 */
@Injectable()
export class PersonalDataVault {
  private readonly keyWrites = new WriteBatcher<KeyRow, KeyRow | null>((candidates) =>
    this.storeKeys(candidates),
  );

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(MASTER_KEY) private readonly masterKey: Buffer,
  ) {}

  /**
   * Creates the case's data key (once: a retried open gets the same key back) and seals the data
   * with it. A case whose key was destroyed never gets a new one. Keys of cases opened at the same
   * moment are stored together, in one statement (see WriteBatcher).
   */
  async sealForCase(anyCaseId: string, personal: Record<string, unknown>): Promise<Sealed> {
    const caseId = anyCaseId.toLowerCase();
    // Checked here, not by the batch statement's cast, which would fail every case written with it.
    if (!UUID.test(caseId)) throw new RangeError('a case id is a UUID');
    // A data key is drawn when it is made, not kept ahead in memory (randomBytesPooled).
    const fresh = randomBytes(32);
    const candidate: KeyRow = {
      caseId,
      keyId: uuidv7(),
      wrapped: seal(this.masterKey, 'master', fresh, `case-key:${caseId}`),
    };
    const stored = await this.keyWrites.submit(candidate);
    if (!stored) throw new PersonalDataErasedError();
    const key = stored.keyId === candidate.keyId ? fresh : this.unwrap(caseId, stored.wrapped);
    return seal(key, stored.keyId, Buffer.from(JSON.stringify(personal), 'utf8'), caseId);
  }

  /** The cleartext, or null once the case key is destroyed. */
  async openForCase(anyCaseId: string, sealed: Sealed): Promise<Record<string, unknown> | null> {
    // Sealed and wrapped with the lowercase id as associated data, however a caller spells it.
    const caseId = anyCaseId.toLowerCase();
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

  /**
   * Stores the candidate key of each case that has none yet, and answers for each candidate the
   * key its case holds (its own, or the one an earlier open stored), or null for an erased case.
   * Rows go in case id order, so two batches that name the same cases lock them in the same order.
   */
  private async storeKeys(candidates: KeyRow[]): Promise<Array<KeyRow | null>> {
    const byCase = new Map<string, KeyRow>();
    for (const c of candidates) if (!byCase.has(c.caseId)) byCase.set(c.caseId, c);
    const rows = [...byCase.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
    const { rows: stored } = await this.sql.query<{
      case_id: string;
      key_id: string;
      wrapped_key: Sealed;
    }>(
      `INSERT INTO case_keys (case_id, key_id, wrapped_key)
       SELECT k.case_id, k.key_id, k.wrapped_key
         FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) WITH ORDINALITY
              AS k(case_id, key_id, wrapped_key, n)
        WHERE NOT EXISTS (SELECT 1 FROM erased_cases e WHERE e.case_id = k.case_id)
        ORDER BY k.n
       ON CONFLICT (case_id) DO UPDATE SET case_id = EXCLUDED.case_id
       RETURNING case_id::text AS case_id, key_id::text AS key_id, wrapped_key`,
      [
        rows.map((r) => r.caseId),
        rows.map((r) => r.keyId),
        rows.map((r) => JSON.stringify(r.wrapped)),
      ],
      { name: 'crypto.store-case-keys' },
    );
    const held = new Map(
      stored.map((r) => [
        r.case_id,
        { caseId: r.case_id, keyId: r.key_id, wrapped: r.wrapped_key },
      ]),
    );
    return candidates.map((c) => held.get(c.caseId) ?? null);
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
