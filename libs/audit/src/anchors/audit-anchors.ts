import { Inject, Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { v7 as uuidv7 } from 'uuid';
import {
  AnchorLeaf,
  anchorLeafHash,
  MerkleTree,
  signAnchor,
  StreamProof,
  verifyAnchor,
} from '@app/audit-trail';
import { AppConfig } from '@app/config';
import { Queryable, SQL_CLIENT, SqlClient } from '@app/database';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { ApplicationError } from '@app/http';
import { AUDIT_KEY } from '../audit-key/audit-key.token';
import { AuditKey } from '../audit-key/audit-key';

/** Permanent: the stream of signed anchors and its event type. */
export const ANCHOR_STREAM = 'audit-anchors';
export const ANCHOR_EVENT_TYPE = 'audit.anchor.v1';

/** An anchor as recorded in the `audit-anchors` stream. */
export interface Anchor {
  anchorId: string;
  merkleRoot: string;
  streamCount: number;
  anchoredAt: string;
  keyId: string;
  /** Base64 Ed25519 over the anchor's signing payload (see libs/audit-trail). */
  signature: string;
  /** The anchor's version in the `audit-anchors` stream. */
  version: number;
}

export type AnchorProblem = {
  streamId: string;
  problem: 'changed' | 'truncated' | 'missing';
  version?: number;
};

export interface AnchorVerification {
  valid: boolean;
  anchorId: string;
  streamsChecked: number;
  problems: AnchorProblem[];
}

export class AnchorNotFoundError extends ApplicationError {
  constructor() {
    super('anchor-not-found', 'No audit anchor has been made yet.');
  }
}

const LOCK = 'audit-anchors';
const LOCK_ATTEMPTS = 100;
const LOCK_RETRY_MS = 100;
/** Rows per INSERT of an anchor's leaves. */
const LEAF_CHUNK = 10_000;
/** Eventual missing-leaf lookups are made in pages of this size. */
const HASH_LOOKUP_PAGE = 5_000;

interface LeafRow {
  stream_id: string;
  version: number;
  head_hash: string;
}

/**
 * Audit anchors: an RFC 9162-style Merkle tree over every stream's (streamId, version,
 * headHash), its root signed by the server's audit key and appended to `audit-anchors`. A
 * stream changed, truncated or deleted after an anchor no longer matches its leaf, which a
 * per-stream hash chain alone cannot show (a stream rewritten with a fresh chain verifies).
 * One anchor is made at a time across processes (a database lock).
 */
@Injectable()
export class AuditAnchors {
  private readonly logger = new Logger(AuditAnchors.name);
  private making: Promise<Anchor> | null = null;
  /** Trees of recent anchors, for inclusion proofs without rebuilding one per bundle. */
  private readonly trees = new LRUCache<number, AnchorTree>({ max: 2 });

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
    private readonly config: AppConfig,
  ) {}

  /**
   * Makes an anchor now (one at a time in this process; others wait for the same one). With
   * `ifOlderThanMs`, only if the newest anchor, looked at under the lock, is older than that:
   * two processes due at once make one anchor.
   */
  make(ifOlderThanMs?: number): Promise<Anchor> {
    this.making ??= this.makeLocked(ifOlderThanMs).finally(() => (this.making = null));
    return this.making;
  }

  async latest(): Promise<Anchor | null> {
    const version = await this.store.streamVersion(ANCHOR_STREAM);
    if (version === 0) return null;
    for await (const event of this.store.readStream(ANCHOR_STREAM, { fromVersion: version })) {
      return { ...(event.data as Omit<Anchor, 'version'>), version: event.version };
    }
    return null;
  }

  /**
   * Recomputes the newest anchor from the store: its leaves must still lead to its signed root,
   * and every stream it covers must still hold, at the anchored version, the anchored hash.
   */
  async verify(): Promise<AnchorVerification> {
    const anchor = await this.latest();
    if (!anchor) throw new AnchorNotFoundError();
    const leaves = await this.leavesOf(anchor.version);
    const problems: AnchorProblem[] = [];
    const root = treeOf(leaves).tree.root.toString('hex');
    if (
      leaves.length !== anchor.streamCount ||
      root !== anchor.merkleRoot ||
      !verifyAnchor(anchor, anchor.signature, this.key.publicKey)
    ) {
      // The record of the anchor itself was altered: its leaves no longer prove anything.
      problems.push({ streamId: ANCHOR_STREAM, problem: 'changed', version: anchor.version });
    }
    // The anchors' own record: its chain, and no leaves of an anchor that is no longer there
    // (the newest anchor event deleted leaves the one before it looking newest).
    const chain = await this.store.verifyStream(ANCHOR_STREAM);
    if (!chain.valid) {
      problems.push({
        streamId: ANCHOR_STREAM,
        problem: 'changed',
        version: chain.firstInvalidVersion,
      });
    }
    const { rows: beyond } = await this.sql.query<{ newest: number | null }>(
      'SELECT max(anchor_version) AS newest FROM audit_anchor_leaves',
    );
    if ((beyond[0]?.newest ?? 0) > anchor.version) {
      problems.push({ streamId: ANCHOR_STREAM, problem: 'truncated', version: anchor.version });
    }
    const heads = new Map((await this.store.streamHeads()).map((h) => [h.streamId, h]));
    const movedOn: AnchorLeaf[] = [];
    for (const leaf of leaves) {
      const head = heads.get(leaf.streamId);
      if (!head) problems.push({ streamId: leaf.streamId, problem: 'missing' });
      else if (head.version < leaf.version) {
        problems.push({ streamId: leaf.streamId, problem: 'truncated', version: head.version });
      } else if (head.version === leaf.version) {
        if (head.hash !== leaf.headHash) {
          problems.push({ streamId: leaf.streamId, problem: 'changed', version: leaf.version });
        }
      } else movedOn.push(leaf);
    }
    for (let i = 0; i < movedOn.length; i += HASH_LOOKUP_PAGE) {
      const page = movedOn.slice(i, i + HASH_LOOKUP_PAGE);
      const hashes = await this.store.eventHashes(page);
      page.forEach((leaf, j) => {
        if (hashes[j] !== leaf.headHash) {
          problems.push({ streamId: leaf.streamId, problem: 'changed', version: leaf.version });
        }
      });
    }
    return {
      valid: problems.length === 0,
      anchorId: anchor.anchorId,
      streamsChecked: leaves.length,
      problems,
    };
  }

  /** Where each stream sits in the anchor's tree; null for a stream the anchor does not cover. */
  async proofs(anchor: Anchor, streamIds: string[]): Promise<(StreamProof | null)[]> {
    let kept = this.trees.get(anchor.version);
    if (!kept) {
      kept = treeOf(await this.leavesOf(anchor.version));
      this.trees.set(anchor.version, kept);
    }
    const { tree, index, leaves } = kept;
    return streamIds.map((streamId) => {
      const at = index.get(streamId);
      if (at === undefined) return null;
      return {
        leaf: leaves[at],
        leafIndex: at,
        proof: tree.proof(at).map((node) => node.toString('hex')),
      };
    });
  }

  private async makeLocked(ifOlderThanMs?: number): Promise<Anchor> {
    const lock = await this.lock();
    try {
      if (ifOlderThanMs !== undefined) {
        const newest = await this.latest();
        if (newest && Date.now() - Date.parse(newest.anchoredAt) < ifOlderThanMs) return newest;
      }
      return await this.makeNow();
    } finally {
      await lock.release();
    }
  }

  private async makeNow(): Promise<Anchor> {
    const started = performance.now();
    const leaves: AnchorLeaf[] = (await this.store.streamHeads()).map((head) => ({
      streamId: head.streamId,
      version: head.version,
      headHash: head.hash,
    }));
    const kept = treeOf(leaves);
    const previous = await this.store.streamVersion(ANCHOR_STREAM);
    const version = previous + 1;
    const fields = {
      anchorId: uuidv7(),
      merkleRoot: kept.tree.root.toString('hex'),
      streamCount: leaves.length,
      anchoredAt: new Date().toISOString(),
    };
    const signature = signAnchor(fields, this.key.privateKey);
    await this.sql.transaction(async (tx) => {
      // Rows of an attempt that never got its anchor appended are replaced.
      await tx.query('DELETE FROM audit_anchor_leaves WHERE anchor_version >= $1', [version]);
      await insertLeaves(tx, version, leaves);
    });
    await this.store.append(
      ANCHOR_STREAM,
      [
        {
          eventId: fields.anchorId,
          type: ANCHOR_EVENT_TYPE,
          data: { ...fields, keyId: this.key.keyId, signature },
          metadata: { actor: { agencyId: 'system', role: 'system' } },
        },
      ],
      { expectedVersion: previous === 0 ? 'no-stream' : previous },
    );
    // Only now that the new anchor stands are the leaves of the oldest kept ones let go.
    await this.sql.query('DELETE FROM audit_anchor_leaves WHERE anchor_version <= $1', [
      version - this.config.AUDIT_ANCHORS_KEPT,
    ]);
    this.trees.set(version, kept);
    this.logger.log(
      `anchor ${fields.anchorId} over ${leaves.length} streams in ${Math.round(performance.now() - started)} ms`,
    );
    return { ...fields, keyId: this.key.keyId, signature, version };
  }

  private async leavesOf(anchorVersion: number): Promise<AnchorLeaf[]> {
    const { rows } = await this.sql.query<LeafRow>(
      `SELECT stream_id, version, head_hash FROM audit_anchor_leaves
        WHERE anchor_version = $1 ORDER BY leaf_index`,
      [anchorVersion],
    );
    return rows.map((row) => ({
      streamId: row.stream_id,
      version: row.version,
      headHash: row.head_hash,
    }));
  }

  private async lock() {
    for (let attempt = 1; ; attempt++) {
      const held = await this.sql.tryLock(LOCK);
      if (held) return held;
      if (attempt >= LOCK_ATTEMPTS) {
        throw new Error('another process has been making an audit anchor for too long');
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

interface AnchorTree {
  tree: MerkleTree;
  leaves: AnchorLeaf[];
  index: Map<string, number>;
}

function treeOf(leaves: AnchorLeaf[]): AnchorTree {
  return {
    tree: new MerkleTree(leaves.map(anchorLeafHash)),
    leaves,
    index: new Map(leaves.map((leaf, i) => [leaf.streamId, i])),
  };
}

async function insertLeaves(tx: Queryable, version: number, leaves: AnchorLeaf[]): Promise<void> {
  for (let from = 0; from < leaves.length; from += LEAF_CHUNK) {
    const chunk = leaves.slice(from, from + LEAF_CHUNK);
    await tx.query(
      `INSERT INTO audit_anchor_leaves (anchor_version, leaf_index, stream_id, version, head_hash)
       SELECT $1, $2 + l.i - 1, l.stream_id, l.version, l.head_hash
         FROM unnest($3::text[], $4::int[], $5::text[]) WITH ORDINALITY
              AS l(stream_id, version, head_hash, i)`,
      [
        version,
        from,
        chunk.map((leaf) => leaf.streamId),
        chunk.map((leaf) => leaf.version),
        chunk.map((leaf) => leaf.headHash),
      ],
    );
  }
}
