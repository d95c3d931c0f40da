import { Migration } from '@app/database';

export const NOTIFICATIONS_MIGRATIONS: Migration[] = [
  {
    id: 'notifications/0001-notifications',
    statements: [
      // One row per webhook to one agency: the record of what is owed, whatever Redis holds.
      // `data` is the webhook's data exactly as sent: ids, agencies, codes, times; never
      // personal data or free text.
      `CREATE TABLE IF NOT EXISTS notifications (
         notification_id uuid PRIMARY KEY,
         -- The order of creation, for paging the operators' list.
         seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
         type text NOT NULL,
         agency_id text NOT NULL,
         case_id uuid NOT NULL,
         referral_id uuid,
         transfer_id uuid,
         source text NOT NULL,
         data jsonb NOT NULL,
         status text NOT NULL DEFAULT 'pending',
         attempts integer NOT NULL DEFAULT 0,
         round integer NOT NULL DEFAULT 0,
         created_at timestamptz NOT NULL DEFAULT now(),
         first_attempt_at timestamptz,
         last_attempt_at timestamptz,
         delivered_at timestamptz,
         last_status_code integer,
         last_error text
       )`,
      `CREATE INDEX IF NOT EXISTS notifications_pending ON notifications (seq)
         WHERE status = 'pending'`,
      `CREATE INDEX IF NOT EXISTS notifications_by_agency ON notifications (agency_id, seq DESC)`,
      `CREATE INDEX IF NOT EXISTS notifications_by_case ON notifications (case_id, seq DESC)`,
      `CREATE INDEX IF NOT EXISTS notifications_by_status ON notifications (status, seq DESC)`,
      `CREATE INDEX IF NOT EXISTS notifications_by_source ON notifications (source)`,
      // What the relay knows of each hand-off, so that an answer (which names only its
      // referral or transfer) can be told to the agency that sent it.
      `CREATE TABLE IF NOT EXISTS notification_handoffs (
         handoff_id uuid PRIMARY KEY,
         kind text NOT NULL,
         case_id uuid NOT NULL,
         from_agency_id text NOT NULL,
         to_agency_id text NOT NULL,
         services jsonb,
         urgency text,
         acknowledge_by text
       )`,
    ],
  },
  {
    // Webhooks about no case: the audit anchors sent to oversight agencies.
    id: 'notifications/0002-webhooks-without-case',
    statements: [`ALTER TABLE notifications ALTER COLUMN case_id DROP NOT NULL`],
  },
];
