import { Migration } from '@app/database';

export const CRYPTO_MIGRATIONS: Migration[] = [
  {
    id: 'crypto/0001-case-keys',
    statements: [
      // One data key per case, wrapped by the master key. Deleting the row is the erasure:
      // without it the personal data in the event log can never be decrypted again.
      `CREATE TABLE IF NOT EXISTS case_keys (
         case_id uuid PRIMARY KEY,
         key_id uuid NOT NULL,
         wrapped_key jsonb NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE IF NOT EXISTS erased_cases (
         case_id uuid PRIMARY KEY,
         erased_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
];
