import { Inject, Injectable } from '@nestjs/common';
import { Queryable, SQL_CLIENT, SqlClient } from '@app/database';
import { AgencyType, Province, Service } from '@app/domain';
import { Sealed, SecretBox } from '@app/crypto';

export interface Agency {
  agencyId: string;
  name: string;
  type: AgencyType;
  province: Province;
  services: Service[];
}

export interface AgencyNotification {
  webhookUrl: string;
  secret: string;
}

interface AgencyRow {
  agency_id: string;
  name: string;
  type: AgencyType;
  province: Province;
  services: Service[];
  webhook_url: string | null;
  webhook_secret: Sealed | null;
}

/** Agencies of the referral mechanism; their webhook secrets are stored sealed. */
@Injectable()
export class AgencyRegistry {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly secrets: SecretBox,
  ) {}

  /** Creates or replaces an agency; true when it was created. */
  async put(agency: Agency, notification?: AgencyNotification | null): Promise<boolean> {
    const sealed = notification
      ? this.secrets.seal(notification.secret, `agency:${agency.agencyId}`)
      : null;
    const { rows } = await this.sql.query<{ created: boolean }>(
      `INSERT INTO agencies (agency_id, name, type, province, services, webhook_url, webhook_secret)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (agency_id) DO UPDATE SET
         name = EXCLUDED.name, type = EXCLUDED.type, province = EXCLUDED.province,
         services = EXCLUDED.services, webhook_url = EXCLUDED.webhook_url,
         webhook_secret = EXCLUDED.webhook_secret, updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [
        agency.agencyId,
        agency.name,
        agency.type,
        agency.province,
        JSON.stringify(agency.services),
        notification?.webhookUrl ?? null,
        sealed ? JSON.stringify(sealed) : null,
      ],
    );
    return rows[0].created;
  }

  async list(): Promise<Agency[]> {
    const { rows } = await this.sql.query<AgencyRow>(
      'SELECT agency_id, name, type, province, services FROM agencies ORDER BY agency_id',
    );
    return rows.map(toAgency);
  }

  async get(agencyId: string): Promise<Agency | null> {
    const { rows } = await this.sql.query<AgencyRow>(
      'SELECT agency_id, name, type, province, services FROM agencies WHERE agency_id = $1',
      [agencyId],
    );
    return rows[0] ? toAgency(rows[0]) : null;
  }

  async exists(agencyId: string): Promise<boolean> {
    return (await this.get(agencyId)) !== null;
  }

  /**
   * Those of the agencies that registered a webhook. `db`: the transaction the caller is in (the
   * embedded database has one connection: a query beside an open transaction waits for it).
   */
  async withWebhooks(agencyIds: string[], db: Queryable = this.sql): Promise<Set<string>> {
    if (agencyIds.length === 0) return new Set();
    const { rows } = await db.query<{ agency_id: string }>(
      `SELECT agency_id FROM agencies WHERE agency_id = ANY($1::text[]) AND webhook_url IS NOT NULL`,
      [agencyIds],
    );
    return new Set(rows.map((row) => row.agency_id));
  }

  /** The webhook endpoint and its opened secret, for the notification worker only. */
  async notificationTarget(agencyId: string): Promise<AgencyNotification | null> {
    const { rows } = await this.sql.query<AgencyRow>(
      'SELECT agency_id, webhook_url, webhook_secret FROM agencies WHERE agency_id = $1',
      [agencyId],
    );
    const row = rows[0];
    if (!row?.webhook_url || !row.webhook_secret) return null;
    return {
      webhookUrl: row.webhook_url,
      secret: this.secrets.open(row.webhook_secret, `agency:${agencyId}`),
    };
  }
}

function toAgency(row: AgencyRow): Agency {
  return {
    agencyId: row.agency_id,
    name: row.name,
    type: row.type,
    province: row.province,
    services: row.services,
  };
}
