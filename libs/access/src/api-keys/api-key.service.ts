import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '@app/config';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { Principal, SYSTEM_AGENCY_ID } from '../auth/principal';

export type KeyRole = Principal['role'];

const KEY_PREFIX = 'srk_';

function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** API keys: shown once at creation, stored only as hashes, revoked at once. */
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

  async issue(
    agencyId: string,
    role: KeyRole,
    label: string,
  ): Promise<{ keyId: string; apiKey: string }> {
    const keyId = uuidv7();
    const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.sql.query(
      'INSERT INTO api_keys (key_id, agency_id, role, label, key_hash) VALUES ($1, $2, $3, $4, $5)',
      [keyId, agencyId, role, label, hashKey(apiKey)],
    );
    return { keyId, apiKey };
  }

  /** True when a live key was revoked now. */
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

  /** Looked up on every request, so a revocation is effective on the next one, on every replica. */
  async authenticate(apiKey: string): Promise<Omit<Principal, 'officerId'> | null> {
    const hash = hashKey(apiKey);
    if (this.bootstrapHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrapHash)) {
      return { agencyId: SYSTEM_AGENCY_ID, role: 'admin', keyId: 'bootstrap' };
    }
    const { rows } = await this.sql.query<{ key_id: string; agency_id: string; role: KeyRole }>(
      'SELECT key_id::text AS key_id, agency_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    return row ? { agencyId: row.agency_id, role: row.role, keyId: row.key_id } : null;
  }
}
