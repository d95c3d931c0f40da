import { Migration } from '@app/database';

/**
 * The statistics projection: per case and per referral only codes, agency ids and types, and
 * times. No personal data and no free text ever enters these tables.
 */
export const STATISTICS_MIGRATIONS: Migration[] = [
  {
    id: 'statistics/0001-projection',
    statements: [
      `CREATE TABLE IF NOT EXISTS stat_cases (
         case_id uuid PRIMARY KEY,
         version integer NOT NULL,
         identified_at timestamptz NOT NULL,
         -- The UTC date of identification: what from/to and month select on.
         identified_on date NOT NULL,
         opened_at timestamptz NOT NULL,
         closed_at timestamptz,
         closure_reason text,
         status text NOT NULL,
         crime_type text NOT NULL,
         trafficking_status text NOT NULL,
         sex text NOT NULL,
         age_group text NOT NULL,
         citizenship text NOT NULL,
         province text NOT NULL,
         district text NOT NULL,
         identification_source text NOT NULL,
         lead_agency_id text NOT NULL,
         lead_agency_type text,
         exploitation_types text[] NOT NULL
       )`,
      `CREATE INDEX IF NOT EXISTS stat_cases_identified ON stat_cases (identified_on)`,
      `CREATE INDEX IF NOT EXISTS stat_cases_opened ON stat_cases (opened_at)`,
      `CREATE TABLE IF NOT EXISTS stat_referrals (
         referral_id uuid PRIMARY KEY,
         case_id uuid NOT NULL,
         from_agency_id text NOT NULL,
         from_agency_type text,
         to_agency_id text NOT NULL,
         to_agency_type text,
         services text[] NOT NULL,
         urgency text NOT NULL,
         province text NOT NULL,
         requested_at timestamptz NOT NULL,
         -- The UTC date of the request: what from/to and month select on.
         requested_on date NOT NULL,
         acknowledged_at timestamptz,
         decided_at timestamptz,
         completed_at timestamptz,
         withdrawn_at timestamptz,
         status text NOT NULL,
         decline_reason text,
         outcome text,
         overdue boolean NOT NULL
       )`,
      `CREATE INDEX IF NOT EXISTS stat_referrals_requested ON stat_referrals (requested_on)`,
      `CREATE INDEX IF NOT EXISTS stat_referrals_case ON stat_referrals (case_id)`,
    ],
  },
  {
    // The hours to acknowledge and to decide, kept with each referral: the quantiles are taken
    // over them, and computing them in every query (numeric arithmetic) cost more than the sort.
    id: 'statistics/0002-referral-hours',
    statements: [
      `ALTER TABLE stat_referrals
         ADD COLUMN IF NOT EXISTS hours_to_acknowledge double precision,
         ADD COLUMN IF NOT EXISTS hours_to_decision double precision`,
      `UPDATE stat_referrals
          SET hours_to_acknowledge = date_part('epoch', acknowledged_at - requested_at) / 3600,
              hours_to_decision = date_part('epoch', decided_at - requested_at) / 3600`,
    ],
  },
];
