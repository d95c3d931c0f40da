import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SQL_CLIENT, SqlClient } from '@app/database';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { kind: 'owned'; claimId: string }
  | { kind: 'completed'; response: StoredResponse }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** An owner that has not finished in this long is presumed dead and its claim taken over. */
const ABANDONED_AFTER_SECONDS = 60;

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
    const { rows: claimed } = await this.sql.query(
      `INSERT INTO idempotency_records (agency_id, idempotency_key, request_hash, state, claim_id)
       VALUES ($1, $2, $3, 'in-progress', $6)
       ON CONFLICT (agency_id, idempotency_key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in-progress', response_status = NULL,
             response_headers = NULL, response_body = NULL, created_at = now(),
             claim_id = EXCLUDED.claim_id,
             -- An expired key starts afresh; an abandoned attempt's successor names what it made.
             resource_id = CASE
               WHEN idempotency_records.created_at < now() - make_interval(hours => $4) THEN NULL
               ELSE idempotency_records.resource_id END
       WHERE idempotency_records.created_at < now() - make_interval(hours => $4)
          OR (idempotency_records.state = 'in-progress'
              AND idempotency_records.request_hash = EXCLUDED.request_hash
              AND idempotency_records.created_at < now() - make_interval(secs => $5))
       RETURNING agency_id`,
      [agencyId, key, requestHash, this.ttlHours, ABANDONED_AFTER_SECONDS, claimId],
    );
    if (claimed.length === 1) return { kind: 'owned', claimId };
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

  /**
   * The id of the resource the request with this key creates: `candidate` for the first attempt,
   * and the same id for every later attempt with the key until it expires, so a retry after a
   * lost response (or a crashed attempt) names the same case instead of opening a second one.
   */
  async reserveId(agencyId: string, key: string, candidate: string): Promise<string> {
    const { rows } = await this.sql.query<{ resource_id: string }>(
      `UPDATE idempotency_records SET resource_id = coalesce(resource_id, $3::uuid)
        WHERE agency_id = $1 AND idempotency_key = $2
        RETURNING resource_id::text AS resource_id`,
      [agencyId, key, candidate],
    );
    return rows[0]?.resource_id ?? candidate;
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
   * may take the record over at once. The record is kept, with the id its first attempt reserved
   * (`reserveId`): that attempt may have stored its case before failing, and a retry must name
   * the same one. Only the attempt that owns the record releases it.
   */
  async release(agencyId: string, key: string, claimId: string): Promise<void> {
    await this.sql.query(
      `UPDATE idempotency_records SET created_at = now() - make_interval(secs => $4)
        WHERE agency_id = $1 AND idempotency_key = $2 AND claim_id = $3 AND state = 'in-progress'`,
      [agencyId, key, claimId, ABANDONED_AFTER_SECONDS + 1],
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
