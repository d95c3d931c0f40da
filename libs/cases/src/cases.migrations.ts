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
  {
    // Every read recorded, with its purpose; and the log made append-only.
    id: 'cases/0002-access-log-append-only',
    statements: [
      `ALTER TABLE case_access_log RENAME COLUMN read_kind TO action`,
      `UPDATE case_access_log SET action = CASE action
         WHEN 'case' THEN 'read-case' WHEN 'history' THEN 'read-history' ELSE action END`,
      `ALTER TABLE case_access_log ADD COLUMN access_id uuid, ADD COLUMN purpose text`,
      `UPDATE case_access_log SET access_id = gen_random_uuid() WHERE access_id IS NULL`,
      `ALTER TABLE case_access_log ALTER COLUMN access_id SET NOT NULL`,
      `CREATE UNIQUE INDEX IF NOT EXISTS case_access_log_access_id ON case_access_log (access_id)`,
      `CREATE OR REPLACE FUNCTION case_access_log_is_append_only() RETURNS trigger
         LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'case_access_log is append-only: % refused', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END $$`,
      `CREATE TRIGGER case_access_log_no_change BEFORE UPDATE OR DELETE ON case_access_log
         FOR EACH ROW EXECUTE FUNCTION case_access_log_is_append_only()`,
      `CREATE TRIGGER case_access_log_no_truncate BEFORE TRUNCATE ON case_access_log
         FOR EACH STATEMENT EXECUTE FUNCTION case_access_log_is_append_only()`,
    ],
  },
];
