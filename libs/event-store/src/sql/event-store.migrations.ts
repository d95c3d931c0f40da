import { Migration } from '@app/database';

/**
 * Where a subscription is stuck, if it is: the event its handler keeps failing on, since when and
 * how often, and the error's name. Kept with the checkpoint so that every replica's readiness
 * shows it, not only the one holding the subscription.
 */
const CHECKPOINT_STALLS: Migration = {
  id: 'event-store/0003-checkpoint-stalls',
  statements: [
    `ALTER TABLE subscription_checkpoints
       ADD COLUMN IF NOT EXISTS stalled_since timestamptz,
       ADD COLUMN IF NOT EXISTS stalled_position text,
       ADD COLUMN IF NOT EXISTS stalled_event_type text,
       ADD COLUMN IF NOT EXISTS stalled_error text,
       ADD COLUMN IF NOT EXISTS stalled_attempts integer`,
  ],
};

export const EVENT_STORE_MIGRATIONS: Migration[] = [
  {
    id: 'event-store/0001-events',
    statements: [
      // transaction_id orders the global log by commit: a subscriber reads only below the oldest
      // running transaction (pg_snapshot_xmin), so an event whose global_position was taken
      // early but committed late is never skipped.
      `CREATE TABLE IF NOT EXISTS events (
         global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
         stream_id text NOT NULL,
         version integer NOT NULL CHECK (version > 0),
         event_id uuid NOT NULL,
         type text NOT NULL,
         data jsonb NOT NULL,
         metadata jsonb NOT NULL,
         prev_hash text NOT NULL,
         hash text NOT NULL,
         CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
         CONSTRAINT events_event_id_key UNIQUE (event_id)
       )`,
      `CREATE INDEX IF NOT EXISTS events_commit_order ON events (transaction_id, global_position)`,
      `CREATE TABLE IF NOT EXISTS subscription_checkpoints (
         name text PRIMARY KEY,
         position text NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
  {
    id: 'event-store/0002-payload-as-json',
    statements: [
      // The log is never queried by payload: json hands back the stored text as it is, which
      // reads a stream several times faster than rebuilding text from jsonb.
      `ALTER TABLE events ALTER COLUMN data TYPE json USING data::json`,
      `ALTER TABLE events ALTER COLUMN metadata TYPE json USING metadata::json`,
    ],
  },
  CHECKPOINT_STALLS,
  {
    // The log is append-only: no statement of the service changes or removes an event, and the
    // database refuses any that would (a mistaken script, an injected statement). Whoever may
    // drop the trigger may still rewrite history: the hash chains and audit anchors show it.
    id: 'event-store/0004-append-only',
    statements: [
      `CREATE OR REPLACE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'events are append-only: % refused', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END $$`,
      `CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
         FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`,
      `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
         FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`,
    ],
  },
];

/** Checkpoints only: the KurrentDB adapter keeps its events in KurrentDB. */
export const CHECKPOINT_MIGRATIONS: Migration[] = [
  {
    id: 'event-store/0001-subscription-checkpoints',
    statements: [
      `CREATE TABLE IF NOT EXISTS subscription_checkpoints (
         name text PRIMARY KEY,
         position text NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
  CHECKPOINT_STALLS,
];
