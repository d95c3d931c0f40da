import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { SYSTEM_AGENCY_ID } from '../auth/principal';
import { ApiKeyRepository, KeyRole } from './api-key.repository';
import { KeyChangeNotices } from './key-change-notices';
import { Authenticated, KeptKeys } from './kept-keys';

export type { KeyRole } from './api-key.repository';

const KEY_PREFIX = 'srk_';

/** Keys are 256-bit random: a fast hash is as safe as a slow one, and lets them be looked up. */
function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/**
 * API keys: shown once at creation, stored only as hashes, revoked at once everywhere.
 *
 * Keys that authenticated are kept in memory (KeptKeys), so most requests need no query, but only
 * while this process hears of every change to a key (KeyChangeNotices): the protocol that makes
 * that safe across replicas is written down in libs/access/README.md.
 */
@Injectable()
export class ApiKeyService implements OnModuleInit, OnApplicationShutdown {
  private readonly bootstrapHash: Buffer | null;
  private readonly kept = new KeptKeys();
  private readonly notices: KeyChangeNotices;

  constructor(
    @Inject(SQL_CLIENT) sql: SqlClient,
    private readonly keys: ApiKeyRepository,
    config: AppConfig,
  ) {
    this.bootstrapHash = config.BOOTSTRAP_ADMIN_KEY
      ? Buffer.from(hashKey(config.BOOTSTRAP_ADMIN_KEY), 'hex')
      : null;
    this.notices = new KeyChangeNotices(sql, keys, () => this.kept.forgetAll());
  }

  onModuleInit(): Promise<void> {
    return this.notices.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.notices.stop();
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
    const written = await this.keys.insert(
      { keyId: operation.id, agencyId, role, label, hash: hashKey(apiKey) },
      { replace: operation.resumed },
    );
    return written ? { keyId: operation.id, apiKey } : null;
  }

  /**
   * True when a live key was revoked now. Refused here at once; answered once every process
   * keeping keys has confirmed it forgot them (see KeyChangeNotices.confirm).
   */
  async revoke(keyId: string): Promise<boolean> {
    const revoked = await this.keys.revoke(keyId);
    this.kept.forgetAll();
    if (revoked) await this.notices.confirm(keyId);
    return revoked;
  }

  agencyOf(keyId: string): Promise<string | null> {
    return this.keys.agencyOf(keyId);
  }

  /** A kept key, or the database's answer; a revoked key is refused on the next request. */
  async authenticate(apiKey: string): Promise<Authenticated | null> {
    const hash = hashKey(apiKey);
    if (this.bootstrapHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrapHash)) {
      return { agencyId: SYSTEM_AGENCY_ID, role: 'admin', keyId: 'bootstrap' };
    }
    const kept = this.notices.live ? this.kept.get(hash) : undefined;
    if (kept) return kept;
    const generation = this.kept.generation;
    const stored = await this.keys.findLive(hash);
    if (!stored) return null;
    if (this.notices.live) this.kept.keep(hash, stored, generation);
    return stored;
  }
}
