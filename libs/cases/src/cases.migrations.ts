import { Migration } from '@app/database';

export const CASES_MIGRATIONS: Migration[] = [
  {
    id: 'cases/0001-access-log',
    statements: [
      `CREATE TABLE IF NOT EXISTS case_access_log (
         id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         case_id uuid NOT NULL,
         agency_id text NOT NULL,
         officer_id text,
         role text NOT NULL,
         key_id text NOT NULL,
         read_kind text NOT NULL,
         personal_data boolean NOT NULL,
         read_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX IF NOT EXISTS case_access_log_case ON case_access_log (case_id, id)`,
    ],
  },
];
