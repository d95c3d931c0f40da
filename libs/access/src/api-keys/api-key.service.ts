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
/**
 * How long a revocation waits for every listening process to confirm that it dropped what it
 * kept (then it is answered anyway, and a process that stays silent finds its session dead by
 * its heartbeat and stops keeping keys).
 */
const REVOCATION_NOTICE_MS = 2_000;
/** Shown by the listening sessions in pg_stat_activity, where a revocation counts them. */
const LISTENER_NAME = 'safe-referral/api-keys';
/** A process's confirmation, on the same channel: `dropped:<change payload>:<process id>`. */
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
 * commit by a trigger, whoever changed the key, on every replica). Each process confirms on the
 * same channel that it dropped what it kept, and a revocation is answered once every process
 * listening (counted in pg_stat_activity) has confirmed. A lost notification connection stops
 * the keeping until it is back.
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
  /** Revocations of this process waiting for confirmations: key id → processes that confirmed. */
  private readonly awaitingNotice = new Map<string, (process: string) => void>();
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
            const [keyId, process] = payload.slice(DROPPED.length).split(':');
            this.awaitingNotice.get(keyId)?.(process);
            return;
          }
          this.dropKept();
          this.confirmDropped(payload);
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
      { applicationName: LISTENER_NAME },
    );
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
      // Here at once; other processes on the trigger's notification: the answer waits until
      // every process listening has confirmed that it dropped what it kept.
      this.dropKept();
      if (rows.length === 1) {
        notice.expect(await this.listeningProcesses());
        await notice.seen;
      }
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

  /** Tells every revoking process that this one dropped what it kept on `change`. */
  private confirmDropped(change: string): void {
    this.sql
      .query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, `${DROPPED}${change}:${this.processId}`])
      .catch((error: unknown) =>
        this.logger.warn(`could not confirm a key change: ${(error as Error).message}`),
      );
  }

  /** Processes listening to key changes on this database: every replica, this one included. */
  private async listeningProcesses(): Promise<number> {
    if (this.sql.kind === 'embedded') return 1; // the data directory admits one process
    const { rows } = await this.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1`,
      [LISTENER_NAME],
    );
    return Math.max(1, rows[0]?.n ?? 1);
  }

  /**
   * `seen` resolves once this process and as many processes as `expect` names have confirmed the
   * change of `keyId`, or at once when not listening.
   */
  private noticeOf(keyId: string): {
    seen: Promise<void>;
    expect(processes: number): void;
    cancel(): void;
  } {
    if (!this.listening) {
      return { seen: Promise.resolve(), expect: () => undefined, cancel: () => undefined };
    }
    const confirmed = new Set<string>();
    let expected = Number.POSITIVE_INFINITY;
    let timer: NodeJS.Timeout | undefined;
    let finish: () => void = () => undefined;
    const check = () => {
      if (confirmed.has(this.processId) && confirmed.size >= expected) finish();
    };
    const seen = new Promise<void>((resolve) => {
      finish = () => {
        clearTimeout(timer);
        this.awaitingNotice.delete(keyId);
        resolve();
      };
      timer = setTimeout(() => {
        if (!confirmed.has(this.processId)) {
          // Notifications do not flow as they should: keep nothing until the session is new.
          this.logger.warn(
            `revocation of key ${keyId} not notified within ${REVOCATION_NOTICE_MS} ms: listening again`,
          );
          this.listening = false;
          this.dropKept();
          this.listener?.restart();
        } else {
          this.logger.warn(
            `revocation of key ${keyId} confirmed by ${confirmed.size} of ${expected} processes within ${REVOCATION_NOTICE_MS} ms`,
          );
        }
        finish();
      }, REVOCATION_NOTICE_MS);
      this.awaitingNotice.set(keyId, (process) => {
        confirmed.add(process);
        check();
      });
    });
    return {
      seen,
      expect: (processes) => {
        expected = processes;
        check();
      },
      cancel: () => finish(),
    };
  }

  private dropKept(): void {
    this.generation++;
    this.kept.clear();
  }
}
