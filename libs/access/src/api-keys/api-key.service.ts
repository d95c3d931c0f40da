import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '@app/config';
import { Listener, SQL_CLIENT, SqlClient } from '@app/database';
import { Principal, SYSTEM_AGENCY_ID } from '../auth/principal';

export type KeyRole = Principal['role'];

const KEY_PREFIX = 'srk_';
/** access.migrations.ts: a trigger notifies it on every update or delete of a key. */
const CHANGES_CHANNEL = 'api_keys_changed';
const KEPT_KEYS = 10_000;
/** A backstop: even while notifications flow, a kept key is looked up again after this long. */
const KEPT_FOR_MS = 60_000;
/** How long a revocation waits to see its own change notified (then every listener has it). */
const REVOCATION_NOTICE_MS = 2_000;

type Authenticated = Omit<Principal, 'officerId'>;

function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/**
 * API keys: shown once at creation, stored only as hashes, revoked at once.
 *
 * Keys that authenticated are kept in memory, so most requests need no query. They are kept
 * only while this process listens to the database's notification of key changes (sent at
 * commit by a trigger, whoever changed the key, on every replica): a revocation drops them all
 * before the revoking request is answered, and a lost notification connection stops the keeping
 * until it is back.
 */
@Injectable()
export class ApiKeyService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly bootstrapHash: Buffer | null;
  private readonly kept = new Map<string, { principal: Authenticated; until: number }>();
  /** Bumped by every drop, so a lookup that raced with a revocation is not kept. */
  private generation = 0;
  private listening = false;
  private listener?: Listener;
  private readonly awaitingNotice = new Map<string, () => void>();

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    config: AppConfig,
  ) {
    this.bootstrapHash = config.BOOTSTRAP_ADMIN_KEY
      ? Buffer.from(hashKey(config.BOOTSTRAP_ADMIN_KEY), 'hex')
      : null;
  }

  async onModuleInit(): Promise<void> {
    this.listener = await this.sql.listen(CHANGES_CHANNEL, {
      notify: (keyId) => {
        this.dropKept();
        this.awaitingNotice.get(keyId)?.();
      },
      listening: () => {
        this.dropKept();
        this.listening = true;
      },
      lost: () => {
        if (this.listening) this.logger.warn('key change notifications lost: looking keys up');
        this.listening = false;
        this.dropKept();
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.listening = false;
    await this.listener?.close();
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
    // The trigger names the key as PostgreSQL prints a uuid: in lowercase.
    const notice = this.noticeOf(keyId.toLowerCase());
    try {
      const { rows } = await this.sql.query(
        'UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING key_id',
        [keyId],
      );
      // Here at once; other processes on the trigger's notification, which reaches every
      // listener at the same time: the answer waits until this process has it too.
      this.dropKept();
      if (rows.length === 1) await notice.seen;
      return rows.length === 1;
    } finally {
      notice.cancel();
    }
  }

  async agencyOf(keyId: string): Promise<string | null> {
    const { rows } = await this.sql.query<{ agency_id: string }>(
      'SELECT agency_id FROM api_keys WHERE key_id = $1',
      [keyId],
    );
    return rows[0]?.agency_id ?? null;
  }

  /** A kept key, or the database's answer; a revoked key is refused on the next request. */
  async authenticate(apiKey: string): Promise<Authenticated | null> {
    const hash = hashKey(apiKey);
    if (this.bootstrapHash && timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrapHash)) {
      return { agencyId: SYSTEM_AGENCY_ID, role: 'admin', keyId: 'bootstrap' };
    }
    const kept = this.listening ? this.kept.get(hash) : undefined;
    if (kept && kept.until > Date.now()) return kept.principal;
    const generation = this.generation;
    const { rows } = await this.sql.query<{ key_id: string; agency_id: string; role: KeyRole }>(
      'SELECT key_id::text AS key_id, agency_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
      { name: 'access.authenticate' },
    );
    const row = rows[0];
    if (!row) return null;
    const principal: Authenticated = { agencyId: row.agency_id, role: row.role, keyId: row.key_id };
    if (this.listening && generation === this.generation) {
      if (this.kept.size >= KEPT_KEYS) this.kept.clear();
      this.kept.set(hash, { principal, until: Date.now() + KEPT_FOR_MS });
    }
    return principal;
  }

  /** `seen` resolves when the change of `keyId` is notified, or at once when not listening. */
  private noticeOf(keyId: string): { seen: Promise<void>; cancel(): void } {
    if (!this.listening) return { seen: Promise.resolve(), cancel: () => undefined };
    let timer: NodeJS.Timeout | undefined;
    let finish: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      finish = () => {
        clearTimeout(timer);
        this.awaitingNotice.delete(keyId);
        resolve();
      };
      timer = setTimeout(() => {
        // Notifications do not flow as they should: keep nothing until the session is new.
        this.logger.warn(
          `revocation of key ${keyId} not notified within ${REVOCATION_NOTICE_MS} ms: listening again`,
        );
        this.listening = false;
        this.dropKept();
        this.listener?.restart();
        finish();
      }, REVOCATION_NOTICE_MS);
      this.awaitingNotice.set(keyId, finish);
    });
    return { seen, cancel: () => finish() };
  }

  private dropKept(): void {
    this.generation++;
    this.kept.clear();
  }
}
