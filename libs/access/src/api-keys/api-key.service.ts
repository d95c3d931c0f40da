import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { Principal, SYSTEM_AGENCY_ID } from '../auth/principal';

export type KeyRole = Principal['role'];

const KEY_PREFIX = 'srk_';

type Authenticated = Omit<Principal, 'officerId'>;

/** Keys are 256-bit random: a fast hash is as safe as a slow one, and lets them be looked up. */
function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/**
 * API keys: shown once at creation, stored only as SHA-256 hashes, revoked at once. Every request
 * looks its key up (one indexed query): a revocation, through the API or by hand in SQL, is
 * refused by every replica from the next request on, with nothing to keep in step.
 */
@Injectable()
export class ApiKeyService {
  private readonly bootstrapHash: Buffer | null;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    config: AppConfig,
  ) {
    this.bootstrapHash = config.BOOTSTRAP_ADMIN_KEY
      ? Buffer.from(hashKey(config.BOOTSTRAP_ADMIN_KEY), 'hex')
      : null;
  }

  /**
   * A new key under the request's operation id. A resumed operation (a retry whose first answer
   * was lost) gives the key it may have made a new secret, in place of the one nobody saw: one key
   * per operation, its secret shown once. Only a resumed one replaces: an attempt that a retry
   * took over from never overwrites the retry's secret. Null when the key cannot be issued under
   * that id (revoked since, or the other attempt's).
   */
  async issue(
    operation: { id: string; resumed: boolean },
    agencyId: string,
    role: KeyRole,
    label: string,
  ): Promise<{ keyId: string; apiKey: string } | null> {
    const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const { rows } = await this.sql.query(
      `INSERT INTO api_keys (key_id, agency_id, role, label, key_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_id) DO UPDATE SET key_hash = EXCLUDED.key_hash
         WHERE $6 AND api_keys.agency_id = EXCLUDED.agency_id AND api_keys.role = EXCLUDED.role
           AND api_keys.revoked_at IS NULL
       RETURNING key_id`,
      [operation.id, agencyId, role, label, hashKey(apiKey), operation.resumed],
    );
    return rows.length === 1 ? { keyId: operation.id, apiKey } : null;
  }

  /** True when a live key was revoked now (false: it was revoked before). */
  async revoke(keyId: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      'UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING key_id',
      [keyId],
    );
    return rows.length === 1;
  }

  async agencyOf(keyId: string): Promise<string | null> {
    const { rows } = await this.sql.query<{ agency_id: string }>(
      'SELECT agency_id FROM api_keys WHERE key_id = $1',
      [keyId],
    );
    return rows[0]?.agency_id ?? null;
  }

  /** The key's agency and role, or null for a key unknown or revoked. */
  async authenticate(apiKey: string): Promise<Authenticated | null> {
    const hash = hashKey(apiKey);
    if (this.bootstrapHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrapHash)) {
      return { agencyId: SYSTEM_AGENCY_ID, role: 'admin', keyId: 'bootstrap' };
    }
    const { rows } = await this.sql.query<{ key_id: string; agency_id: string; role: KeyRole }>(
      'SELECT key_id::text AS key_id, agency_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
      { name: 'access.authenticate' },
    );
    const row = rows[0];
    return row ? { agencyId: row.agency_id, role: row.role, keyId: row.key_id } : null;
  }
}
