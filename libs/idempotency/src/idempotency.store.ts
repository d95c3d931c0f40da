import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SQL_CLIENT, SqlClient } from '@app/database';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | {
      kind: 'owned';
      claimId: string;
      /** The operation every attempt with this key performs (see Operation). */
      operationId: string;
      /** An earlier attempt owned the record and never finished: its effects may be stored. */
      resumed: boolean;
    }
  | { kind: 'completed'; response: StoredResponse }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/**
 * An owner refreshes its record's heartbeat this often while it works; a record whose heartbeat
 * is older than STALE_AFTER_SECONDS belongs to an attempt that died (or froze), and the next
 * attempt takes it over at once. A takeover of a live but frozen owner is safe: the operation's
 * ids are the same, so the store recognises whichever append comes second as a retry.
 */
export const HEARTBEAT_MS = 1_000;
const STALE_AFTER_SECONDS = 5;

interface RecordRow {
  request_hash: string;
  state: 'in-progress' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

/**
 * Idempotency records per (agency, key). The first request claims the key with an INSERT; the
 * unique key makes concurrent duplicates wait for its response instead of executing again.
 */
@Injectable()
export class IdempotencyStore {
  private readonly ttlHours: number;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    config: AppConfig,
  ) {
    this.ttlHours = config.IDEMPOTENCY_TTL_HOURS;
  }

  async claim(agencyId: string, key: string, requestHash: string): Promise<Claim> {
    const claimId = randomUUID();
    const { rows: claimed } = await this.sql.query<{ operation_id: string; resumed: boolean }>(
      `INSERT INTO idempotency_records
         (agency_id, idempotency_key, request_hash, state, claim_id, resource_id, heartbeat_at)
       VALUES ($1, $2, $3, 'in-progress', $5, $6, now())
       ON CONFLICT (agency_id, idempotency_key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in-progress', response_status = NULL,
             response_headers = NULL, response_body = NULL, claim_id = EXCLUDED.claim_id,
             heartbeat_at = now(),
             -- An expired key starts a new operation; an abandoned attempt's successor resumes
             -- the same one, under the same id.
             created_at = CASE WHEN idempotency_records.created_at < now() - make_interval(hours => $4)
               THEN now() ELSE idempotency_records.created_at END,
             resource_id = CASE WHEN idempotency_records.created_at < now() - make_interval(hours => $4)
               THEN EXCLUDED.resource_id
               ELSE coalesce(idempotency_records.resource_id, EXCLUDED.resource_id) END
       WHERE idempotency_records.created_at < now() - make_interval(hours => $4)
          OR (idempotency_records.state = 'in-progress'
              AND idempotency_records.request_hash = EXCLUDED.request_hash
              AND idempotency_records.heartbeat_at < now() - make_interval(secs => $7))
       RETURNING resource_id::text AS operation_id, created_at < now() AS resumed`,
      [agencyId, key, requestHash, this.ttlHours, claimId, uuidv7(), STALE_AFTER_SECONDS],
    );
    if (claimed.length === 1) {
      return {
        kind: 'owned',
        claimId,
        operationId: claimed[0].operation_id,
        resumed: claimed[0].resumed,
      };
    }
    const { rows } = await this.sql.query<RecordRow>(
      `SELECT request_hash, state, response_status, response_headers, response_body
         FROM idempotency_records WHERE agency_id = $1 AND idempotency_key = $2`,
      [agencyId, key],
    );
    const row = rows[0];
    if (!row) return this.claim(agencyId, key, requestHash);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.state === 'in-progress') return { kind: 'in-progress' };
    return {
      kind: 'completed',
      response: {
        status: row.response_status!,
        headers: row.response_headers ?? {},
        body: row.response_body,
      },
    };
  }

  /** Whether the key's owner is still at work on this request (in progress, heartbeat fresh). */
  async ownerAtWork(agencyId: string, key: string, requestHash: string): Promise<boolean> {
    const { rows } = await this.sql.query<{ at_work: boolean }>(
      `SELECT state = 'in-progress' AND request_hash = $3
              AND heartbeat_at >= now() - make_interval(secs => $4) AS at_work
         FROM idempotency_records WHERE agency_id = $1 AND idempotency_key = $2`,
      [agencyId, key, requestHash, STALE_AFTER_SECONDS],
    );
    return rows[0]?.at_work === true;
  }

  /** The owner is alive and still working: its record is not to be taken over. */
  async heartbeat(agencyId: string, key: string, claimId: string): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_records SET heartbeat_at = now()
        WHERE agency_id = $1 AND idempotency_key = $2 AND claim_id = $3 AND state = 'in-progress'`,
      [agencyId, key, claimId],
    );
  }

  /** Keeps the response of the attempt that owns the record (not of one taken over since). */
  async complete(
    agencyId: string,
    key: string,
    claimId: string,
    response: StoredResponse,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_records
          SET state = 'completed', response_status = $3, response_headers = $4, response_body = $5
        WHERE agency_id = $1 AND idempotency_key = $2 AND claim_id = $6`,
      [
        agencyId,
        key,
        response.status,
        JSON.stringify(response.headers),
        JSON.stringify(response.body ?? null),
        claimId,
      ],
    );
  }

  /**
   * After a failure worth retrying (a store was down): the next attempt with the same request
   * takes the record over at once, as the same operation (that attempt may have stored its
   * effects before failing). Only the attempt that owns the record releases it.
   */
  async release(agencyId: string, key: string, claimId: string): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_records SET heartbeat_at = '-infinity'
        WHERE agency_id = $1 AND idempotency_key = $2 AND claim_id = $3 AND state = 'in-progress'`,
      [agencyId, key, claimId],
    );
  }

  async purgeExpired(): Promise<number> {
    const { rows } = await this.sql.query(
      `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1) RETURNING 1`,
      [this.ttlHours],
    );
    return rows.length;
  }
}
