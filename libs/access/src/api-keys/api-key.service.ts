import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
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
/**
 * How long a revocation waits for every listening process to confirm that it dropped what it
 * kept; then it is answered anyway, naming in the log the processes that stayed silent.
 */
const REVOCATION_NOTICE_MS = 2_000;
/** The listening sessions' application name: this prefix and the process id. */
const LISTENER_NAME = 'safe-referral/api-keys/';
/**
 * After a revocation commits, the revoking process sends `check:<nonce>` on the channel; every
 * listener receives it after the revocation's own notification (notifications arrive in commit
 * order), drops what it kept on that one first, and answers `dropped:<nonce>:<process id>`.
 */
const CHECK = 'check:';
const DROPPED = 'dropped:';

type Authenticated = Omit<Principal, 'officerId'>;

function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/**
 * API keys: shown once at creation, stored only as hashes, revoked at once.
 *
 * Keys that authenticated are kept in memory, so most requests need no query. They are kept
 * only while this process listens to the database's notification of key changes (sent at
 * commit by a trigger, whoever changed the key, on every replica). A revocation is answered once
 * every process listening (found in pg_stat_activity by its session's name) has confirmed that
 * it dropped what it kept. A lost notification connection stops the keeping until it is back.
 */
@Injectable()
export class ApiKeyService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly bootstrapHash: Buffer | null;
  private readonly kept = new LRUCache<string, { principal: Authenticated; until: number }>({
    max: KEPT_KEYS,
  });
  /** Bumped by every drop, so a lookup that raced with a revocation is not kept. */
  private generation = 0;
  private listening = false;
  private listener?: Listener;
  /** Checks of this process's revocations waiting for answers: nonce → answer handler. */
  private readonly checks = new Map<string, (process: string) => void>();
  private readonly processId = uuidv7();

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    config: AppConfig,
  ) {
    this.bootstrapHash = config.BOOTSTRAP_ADMIN_KEY
      ? Buffer.from(hashKey(config.BOOTSTRAP_ADMIN_KEY), 'hex')
      : null;
  }

  async onModuleInit(): Promise<void> {
    this.listener = await this.sql.listen(
      CHANGES_CHANNEL,
      {
        notify: (payload) => {
          if (payload.startsWith(DROPPED)) {
            const answer = payload.slice(DROPPED.length);
            const at = answer.lastIndexOf(':');
            this.checks.get(answer.slice(0, at))?.(answer.slice(at + 1));
          } else if (payload.startsWith(CHECK)) {
            // Every change committed before the check has been handled by now: confirm.
            this.listener
              ?.notify(`${DROPPED}${payload.slice(CHECK.length)}:${this.processId}`)
              .catch((error: unknown) =>
                this.logger.warn(`could not answer a key check: ${(error as Error).message}`),
              );
          } else {
            this.dropKept();
          }
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
      },
      { applicationName: `${LISTENER_NAME}${this.processId}` },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.listening = false;
    await this.listener?.close();
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

  /** True when a live key was revoked now. */
  async revoke(keyId: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      'UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING key_id',
      [keyId],
    );
    // Here at once; every other process on the trigger's notification, which the answer waits
    // for them to have handled.
    this.dropKept();
    if (rows.length === 1) await this.confirmedEverywhere(keyId);
    return rows.length === 1;
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
    const kept = this.keeping() ? this.kept.get(hash) : undefined;
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
    if (this.keeping() && generation === this.generation) {
      this.kept.set(hash, { principal, until: Date.now() + KEPT_FOR_MS });
    }
    return principal;
  }

  /**
   * Waits until every process listening to key changes has handled the changes committed so far
   * (see CHECK), at most REVOCATION_NOTICE_MS. Embedded, this is the only process.
   */
  private async confirmedEverywhere(keyId: string): Promise<void> {
    if (this.sql.kind === 'embedded') return;
    const deadline = Date.now() + REVOCATION_NOTICE_MS;
    while (!this.listening && Date.now() < deadline) await sleep(50);
    const listener = this.listener;
    if (!this.listening || !listener) {
      this.logger.warn(
        `revocation of key ${keyId} answered unconfirmed: not listening to key changes`,
      );
      return;
    }
    const expected = await this.listeningProcesses().catch((error: unknown) => {
      this.logger.warn(`could not list the processes keeping keys: ${(error as Error).message}`);
      return new Set<string>();
    });
    expected.add(this.processId);
    const confirmed = new Set<string>();
    const nonce = uuidv7();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          const silent = [...expected].filter((p) => !confirmed.has(p));
          this.logger.warn(
            `revocation of key ${keyId} not confirmed within ${REVOCATION_NOTICE_MS} ms by ${silent.join(', ')}`,
          );
          if (!confirmed.has(this.processId)) {
            // Its own notifications do not flow as they should: keep nothing until listening anew.
            this.listening = false;
            this.dropKept();
            listener.restart();
          }
          resolve();
        },
        Math.max(0, deadline - Date.now()),
      );
      timer.unref();
      this.checks.set(nonce, (process) => {
        confirmed.add(process);
        if ([...expected].every((p) => confirmed.has(p))) {
          clearTimeout(timer);
          resolve();
        }
      });
      listener.notify(`${CHECK}${nonce}`).catch((error: unknown) => {
        this.logger.warn(`could not check a revocation: ${(error as Error).message}`);
      });
    }).finally(() => this.checks.delete(nonce));
  }

  /** Ids of the processes listening to key changes on this database, this one included. */
  private async listeningProcesses(): Promise<Set<string>> {
    const { rows } = await this.sql.query<{ name: string }>(
      `SELECT application_name AS name FROM pg_stat_activity
        WHERE datname = current_database() AND starts_with(application_name, $1)`,
      [LISTENER_NAME],
    );
    return new Set(rows.map((row) => row.name.slice(LISTENER_NAME.length)));
  }

  /**
   * Kept keys are used only while the notification session is listening and has shown a sign of
   * life within REVOCATION_NOTICE_MS: a session that went silent (a cut network reports nothing)
   * stops the keeping before a revocation it might have missed is answered.
   */
  private keeping(): boolean {
    const heard = this.listener?.lastHeard() ?? 0;
    return this.listening && Date.now() - heard < REVOCATION_NOTICE_MS;
  }

  private dropKept(): void {
    this.generation++;
    this.kept.clear();
  }
}
