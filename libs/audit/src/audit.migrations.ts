import { Migration } from '@app/database';

export const AUDIT_MIGRATIONS: Migration[] = [
  {
    id: 'audit/0001-anchor-leaves',
    statements: [
      // The leaves of the newest anchors (AUDIT_ANCHORS_KEPT): what verification compares the
      // store with, and what inclusion proofs are made from. The anchor itself (its signed root)
      // is an event of the `audit-anchors` stream, kept for ever.
      `CREATE TABLE IF NOT EXISTS audit_anchor_leaves (
         anchor_version integer NOT NULL,
         leaf_index integer NOT NULL,
         stream_id text NOT NULL,
         version integer NOT NULL,
         head_hash text NOT NULL,
         PRIMARY KEY (anchor_version, leaf_index)
       )`,
      `CREATE INDEX IF NOT EXISTS audit_anchor_leaves_stream
         ON audit_anchor_leaves (anchor_version, stream_id)`,
    ],
  },
];
