import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Principal } from '@app/access';
import { SQL_CLIENT, SqlClient, WriteBatcher } from '@app/database';

/** What a recorded read was of. These strings are stored and served: never rename one. */
export type CaseReadAction = 'read-case' | 'read-history' | 'read-referral-path' | 'export-bundle';

export interface AccessRecord {
  accessId: string;
  at: string;
  agencyId: string;
  officerId?: string;
  role: string;
  keyId: string;
  action: CaseReadAction;
  personalDataShown: boolean;
  purpose?: string;
}

interface PendingRecord extends AccessRecord {
  caseId: string;
}

/** Rows per statement, and statements at once: reads finishing together share one INSERT. */
const RECORDS_PER_WRITE = 500;
const WRITES_IN_FLIGHT = 2;

/**
 * Every read of a victim's file, by anyone, is recorded for the auditors: who (agency, officer,
 * role, key), when, what, whether personal data was shown, and why. A read's record is stored
 * before its answer is sent (the caller awaits it), and the table refuses UPDATE, DELETE and
 * TRUNCATE (a trigger). Records of reads made together go in one statement.
 */
@Injectable()
export class CaseAccessLog {
  private readonly writes: WriteBatcher<PendingRecord, void>;

  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {
    this.writes = new WriteBatcher(
      (records) => this.insert(records),
      RECORDS_PER_WRITE,
      WRITES_IN_FLIGHT,
    );
  }

  record(
    caseId: string,
    principal: Principal,
    action: CaseReadAction,
    personalDataShown: boolean,
  ): Promise<void> {
    return this.writes.submit({
      caseId,
      accessId: uuidv7(),
      at: new Date().toISOString(),
      agencyId: principal.agencyId,
      ...(principal.officerId ? { officerId: principal.officerId } : {}),
      role: principal.role,
      keyId: principal.keyId,
      action,
      personalDataShown,
      ...(principal.purpose ? { purpose: principal.purpose } : {}),
    });
  }

  /** Oldest first, `limit + 1` records so the caller knows whether a next page follows. */
  async list(
    caseId: string,
    afterSeq: string | null,
    limit: number,
  ): Promise<Array<AccessRecord & { seq: string }>> {
    const { rows } = await this.sql.query<{
      seq: string;
      access_id: string;
      read_at: Date;
      agency_id: string;
      officer_id: string | null;
      role: string;
      key_id: string;
      action: CaseReadAction;
      personal_data: boolean;
      purpose: string | null;
    }>(
      `SELECT id::text AS seq, access_id, read_at, agency_id, officer_id, role, key_id, action,
              personal_data, purpose
         FROM case_access_log
        WHERE case_id = $1 AND ($2::bigint IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [caseId, afterSeq, limit + 1],
    );
    return rows.map((row) => ({
      seq: row.seq,
      accessId: row.access_id,
      at: row.read_at.toISOString(),
      agencyId: row.agency_id,
      ...(row.officer_id ? { officerId: row.officer_id } : {}),
      role: row.role,
      keyId: row.key_id,
      action: row.action,
      personalDataShown: row.personal_data,
      ...(row.purpose ? { purpose: row.purpose } : {}),
    }));
  }

  private async insert(records: PendingRecord[]): Promise<void[]> {
    await this.sql.query(
      `INSERT INTO case_access_log
         (access_id, case_id, read_at, agency_id, officer_id, role, key_id, action,
          personal_data, purpose)
       SELECT r.access_id, r.case_id, r.at, r.agency_id, r.officer_id, r.role, r.key_id,
              r.action, r.personal_data, r.purpose
         FROM jsonb_to_recordset($1::jsonb) AS r(access_id uuid, case_id uuid,
              at timestamptz, agency_id text, officer_id text, role text, key_id text,
              action text, personal_data boolean, purpose text)`,
      [
        JSON.stringify(
          records.map((r) => ({
            access_id: r.accessId,
            case_id: r.caseId,
            at: r.at,
            agency_id: r.agencyId,
            officer_id: r.officerId ?? null,
            role: r.role,
            key_id: r.keyId,
            action: r.action,
            personal_data: r.personalDataShown,
            purpose: r.purpose ?? null,
          })),
        ),
      ],
      { name: 'cases.record-access' },
    );
    return records.map(() => undefined);
  }
}
