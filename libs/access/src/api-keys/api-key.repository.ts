import { Inject, Injectable } from '@nestjs/common';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { Principal } from '../auth/principal';

export type KeyRole = Principal['role'];

/** A live key as the table holds it (found by the hash of the key). */
export interface StoredKey {
  keyId: string;
  agencyId: string;
  role: KeyRole;
}

/** `api_keys`: keys stored as SHA-256 hashes, revoked by a time, never deleted. */
@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /**
   * A key under `keyId`. `replace`: a key already there under that id (of the same agency and
   * role, live) gets this hash instead of its own. False when nothing was written.
   */
  async insert(
    key: StoredKey & { label: string; hash: string },
    { replace }: { replace: boolean },
  ): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO api_keys (key_id, agency_id, role, label, key_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_id) DO UPDATE SET key_hash = EXCLUDED.key_hash
         WHERE $6 AND api_keys.agency_id = EXCLUDED.agency_id AND api_keys.role = EXCLUDED.role
           AND api_keys.revoked_at IS NULL
       RETURNING key_id`,
      [key.keyId, key.agencyId, key.role, key.label, key.hash, replace],
    );
    return rows.length === 1;
  }

  /** True when a live key was revoked now (false: revoked before, or no such key). */
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

  async findLive(hash: string): Promise<StoredKey | null> {
    const { rows } = await this.sql.query<{ key_id: string; agency_id: string; role: KeyRole }>(
      'SELECT key_id::text AS key_id, agency_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
      { name: 'access.authenticate' },
    );
    const row = rows[0];
    return row ? { keyId: row.key_id, agencyId: row.agency_id, role: row.role } : null;
  }

  /** The names, without `prefix`, of the database sessions whose name starts with it. */
  async sessionsNamed(prefix: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ name: string }>(
      `SELECT application_name AS name FROM pg_stat_activity
        WHERE datname = current_database() AND starts_with(application_name, $1)`,
      [prefix],
    );
    return rows.map((row) => row.name.slice(prefix.length));
  }
}
