import { Migration } from '@app/database';

const NOTIFY_KEY_CHANGES = [
  `CREATE OR REPLACE FUNCTION notify_api_key_change() RETURNS trigger
     LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('api_keys_changed', OLD.key_id::text);
     RETURN NULL;
   END $$`,
  `DROP TRIGGER IF EXISTS api_keys_changed ON api_keys`,
  `CREATE TRIGGER api_keys_changed AFTER UPDATE OR DELETE ON api_keys
     FOR EACH ROW EXECUTE FUNCTION notify_api_key_change()`,
];

const NOTIFY_TRUNCATION = [
  `CREATE OR REPLACE FUNCTION notify_api_keys_truncated() RETURNS trigger
     LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('api_keys_changed', 'truncated');
     RETURN NULL;
   END $$`,
  `DROP TRIGGER IF EXISTS api_keys_truncated ON api_keys`,
  `CREATE TRIGGER api_keys_truncated AFTER TRUNCATE ON api_keys
     FOR EACH STATEMENT EXECUTE FUNCTION notify_api_keys_truncated()`,
];

export const ACCESS_MIGRATIONS: Migration[] = [
  {
    id: 'access/0001-agencies-and-api-keys',
    statements: [
      `CREATE TABLE IF NOT EXISTS agencies (
         agency_id text PRIMARY KEY,
         name text NOT NULL,
         type text NOT NULL,
         province text NOT NULL,
         services jsonb NOT NULL,
         webhook_url text,
         webhook_secret jsonb,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      // Only a SHA-256 of each key is kept: keys are 256-bit random, so a slow hash adds nothing.
      `CREATE TABLE IF NOT EXISTS api_keys (
         key_id uuid PRIMARY KEY,
         agency_id text NOT NULL REFERENCES agencies (agency_id),
         role text NOT NULL,
         label text NOT NULL,
         key_hash text NOT NULL UNIQUE,
         created_at timestamptz NOT NULL DEFAULT now(),
         revoked_at timestamptz
       )`,
    ],
  },
  {
    // Every change to a key, by the API or by hand in SQL, tells every process at commit, so
    // that keys kept in memory are dropped at once (key-change-notices.ts).
    id: 'access/0002-notify-api-key-changes',
    statements: NOTIFY_KEY_CHANGES,
  },
  {
    // Emptying the table at once drops every kept key too.
    id: 'access/0003-notify-api-keys-truncated',
    statements: NOTIFY_TRUNCATION,
  },
  {
    // An experiment that looked keys up on every request; measured slower, so undone by 0005.
    id: 'access/0004-no-key-change-notifications',
    statements: [
      `DROP TRIGGER IF EXISTS api_keys_changed ON api_keys`,
      `DROP TRIGGER IF EXISTS api_keys_truncated ON api_keys`,
      `DROP FUNCTION IF EXISTS notify_api_key_change()`,
      `DROP FUNCTION IF EXISTS notify_api_keys_truncated()`,
    ],
  },
  {
    // Keys are kept in memory again (libs/access/README.md), so changes must be heard again.
    id: 'access/0005-notify-api-key-changes-again',
    statements: [...NOTIFY_KEY_CHANGES, ...NOTIFY_TRUNCATION],
  },
];
