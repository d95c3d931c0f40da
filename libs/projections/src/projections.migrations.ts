import { Migration } from '@app/database';

export const PROJECTIONS_MIGRATIONS: Migration[] = [
  {
    id: 'projections/0001-case-summaries-and-inbox',
    statements: [
      // No personal data is ever projected: erasure then has nothing to chase here.
      `CREATE TABLE IF NOT EXISTS case_summaries (
         case_id uuid PRIMARY KEY,
         version integer NOT NULL,
         status text NOT NULL,
         lead_agency_id text NOT NULL,
         crime_type text NOT NULL,
         trafficking_status text NOT NULL,
         province text NOT NULL,
         district text NOT NULL,
         identification_source text NOT NULL,
         identified_at timestamptz NOT NULL,
         opened_at timestamptz NOT NULL,
         closed_at timestamptz,
         updated_at timestamptz NOT NULL,
         personal_data_erased boolean NOT NULL,
         visible_to text[] NOT NULL,
         state jsonb NOT NULL
       )`,
      `CREATE INDEX IF NOT EXISTS case_summaries_visible_to ON case_summaries USING gin (visible_to)`,
      `CREATE TABLE IF NOT EXISTS referral_inbox (
         referral_id uuid PRIMARY KEY,
         case_id uuid NOT NULL,
         from_agency_id text NOT NULL,
         to_agency_id text NOT NULL,
         services jsonb NOT NULL,
         urgency text NOT NULL,
         status text NOT NULL,
         overdue_recorded boolean NOT NULL,
         requested_at timestamptz NOT NULL,
         acknowledge_by timestamptz NOT NULL,
         acknowledged_at timestamptz,
         decided_at timestamptz,
         completed_at timestamptz,
         outcome text
       )`,
      `CREATE INDEX IF NOT EXISTS referral_inbox_to_agency ON referral_inbox (to_agency_id, referral_id DESC)`,
    ],
  },
  {
    // A time an event gives that is not a timestamp is stored as unknown, not refused: a read
    // model that cannot store a row stops every inbox.
    id: 'projections/0002-times-may-be-unknown',
    statements: [
      `ALTER TABLE case_summaries ALTER COLUMN identified_at DROP NOT NULL,
         ALTER COLUMN opened_at DROP NOT NULL, ALTER COLUMN updated_at DROP NOT NULL`,
      `ALTER TABLE referral_inbox ALTER COLUMN requested_at DROP NOT NULL,
         ALTER COLUMN acknowledge_by DROP NOT NULL`,
    ],
  },
  {
    // The notification worker's deadline sweep: referrals still waiting for an answer.
    id: 'projections/0003-referrals-awaiting-acknowledgement',
    statements: [
      `CREATE INDEX IF NOT EXISTS referral_inbox_awaiting ON referral_inbox (acknowledge_by)
         WHERE status = 'requested' AND NOT overdue_recorded`,
    ],
  },
  {
    // The kept case state is read back only by the projection, to fold the next events: json
    // keeps the text as written, which PostgreSQL takes and gives back as it is, where jsonb
    // parses every row into its binary form (a fifth of what writing the table costs PostgreSQL
    // in a rebuild) and prints it again on every read.
    id: 'projections/0004-case-state-as-json',
    statements: [`ALTER TABLE case_summaries ALTER COLUMN state TYPE json USING state::json`],
  },
];
