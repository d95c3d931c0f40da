import { Migration } from '@app/database';

export const IDEMPOTENCY_MIGRATIONS: Migration[] = [
  {
    id: 'idempotency/0001-records',
    statements: [
      `CREATE TABLE IF NOT EXISTS idempotency_records (
         agency_id text NOT NULL,
         idempotency_key text NOT NULL,
         request_hash text NOT NULL,
         state text NOT NULL CHECK (state IN ('in-progress', 'completed')),
         response_status integer,
         response_headers jsonb,
         response_body jsonb,
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (agency_id, idempotency_key)
       )`,
      `CREATE INDEX IF NOT EXISTS idempotency_records_created_at ON idempotency_records (created_at)`,
    ],
  },
  {
    // The id of what the first attempt creates (a case), kept for every retry with the key.
    id: 'idempotency/0002-resource-id',
    statements: [`ALTER TABLE idempotency_records ADD COLUMN IF NOT EXISTS resource_id uuid`],
  },
  {
    // Issued API keys were once kept in replayable responses; they are shown once, stored never.
    id: 'idempotency/0003-forget-issued-api-keys',
    statements: [`DELETE FROM idempotency_records WHERE response_body ? 'apiKey'`],
  },
  {
    // Which attempt owns an in-progress record: only it completes or releases the record.
    id: 'idempotency/0004-claim-id',
    statements: [`ALTER TABLE idempotency_records ADD COLUMN IF NOT EXISTS claim_id uuid`],
  },
  {
    // The owner's sign of life: a record whose heartbeat stopped is taken over at once.
    id: 'idempotency/0005-heartbeat',
    statements: [
      `ALTER TABLE idempotency_records
         ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz NOT NULL DEFAULT now()`,
    ],
  },
];
