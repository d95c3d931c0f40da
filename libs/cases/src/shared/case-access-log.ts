import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@app/access';
import { SQL_CLIENT, SqlClient } from '@app/database';

export type CaseReadKind = 'case' | 'history';

/** Every read of a victim's file is itself recorded, for the auditors' access log. */
@Injectable()
export class CaseAccessLog {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async record(
    caseId: string,
    principal: Principal,
    kind: CaseReadKind,
    personalData: boolean,
  ): Promise<void> {
    await this.sql.query(
      `INSERT INTO case_access_log (case_id, agency_id, officer_id, role, key_id, read_kind, personal_data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        caseId,
        principal.agencyId,
        principal.officerId ?? null,
        principal.role,
        principal.keyId,
        kind,
        personalData,
      ],
    );
  }
}
