'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.SqlEventStore = void 0;
const node_events_1 = require('node:events');
const database_1 = require('../../../database/src/index.js');
const errors_1 = require('../errors');
const hash_chain_1 = require('../hash-chain');
const checkpointed_subscription_1 = require('../subscription/checkpointed-subscription');
const validate_append_1 = require('../validate-append');
const COLUMNS = `global_position::text AS global_position, transaction_id::text AS transaction_id,
  stream_id, version, event_id::text AS event_id, type, data, metadata, prev_hash, hash`;
const INSERT_EVENTS = `
  INSERT INTO events (stream_id, version, event_id, type, data, metadata, prev_hash, hash)
  SELECT stream_id, version, event_id, type, data, metadata, prev_hash, hash
    FROM jsonb_to_recordset($1::jsonb) AS e(stream_id text, version integer, event_id uuid,
         type text, data jsonb, metadata jsonb, prev_hash text, hash text)
   ORDER BY version
  RETURNING version, global_position::text AS global_position, transaction_id::text AS transaction_id`;
const READ_PAGE = 1_000;
const HEAD_CACHE_LIMIT = 10_000;
const APPEND_ANY_ATTEMPTS = 20;
const UNTRANSLATABLE_CHARACTER = ['22P05', '22021', '22P02'];
class SqlEventStore {
  sql;
  defaults;
  heads = new Map();
  appended = new node_events_1.EventEmitter().setMaxListeners(0);
  subscriptions = new Set();
  constructor(sql, defaults = {}) {
    this.sql = sql;
    this.defaults = defaults;
  }
  async append(streamId, events, { expectedVersion }) {
    (0, validate_append_1.validateAppend)(streamId, events, expectedVersion);
    const recordedAt = new Date().toISOString();
    for (let attempt = 1; ; attempt++) {
      const head = await this.headFor(streamId, expectedVersion);
      const rows = this.chain(streamId, head, events, recordedAt);
      try {
        const { rows: inserted } = await this.sql.query(INSERT_EVENTS, [JSON.stringify(rows)]);
        const last = inserted.reduce((a, b) => (a.version > b.version ? a : b));
        this.remember(streamId, { version: last.version, hash: rows[rows.length - 1].hash });
        this.appended.emit('appended');
        return {
          nextExpectedVersion: last.version,
          position: { commit: BigInt(last.transaction_id), prepare: BigInt(last.global_position) },
        };
      } catch (error) {
        const code = (0, database_1.sqlErrorCode)(error);
        if (code && UNTRANSLATABLE_CHARACTER.includes(code)) {
          throw new errors_1.InvalidAppendError(`event payload cannot be stored: ${error.message}`);
        }
        if (code !== database_1.UNIQUE_VIOLATION) throw error;
        this.heads.delete(streamId);
        const retried = await this.alreadyAppended(streamId, events);
        if (retried) return retried;
        if (expectedVersion === 'any' && attempt < APPEND_ANY_ATTEMPTS) continue;
        throw new errors_1.WrongExpectedVersionError(
          streamId,
          expectedVersion,
          await this.streamVersion(streamId),
        );
      }
    }
  }
  async *readStream(streamId, options = {}) {
    const backwards = options.direction === 'backwards';
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let from = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    let last;
    while (remaining > 0) {
      const pageSize = Math.min(READ_PAGE, remaining);
      const { rows } = await this.sql.query(
        backwards
          ? `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND version <= $2 ORDER BY version DESC LIMIT $3`
          : `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version ASC LIMIT $3`,
        [streamId, Math.min(from, 2_147_483_647), pageSize],
      );
      for (const row of rows) {
        last = toRecordedEvent(row);
        yield last;
      }
      remaining -= rows.length;
      if (rows.length < pageSize) {
        if (!backwards && last) this.remember(streamId, { version: last.version, hash: last.hash });
        return;
      }
      from = backwards ? rows[rows.length - 1].version - 1 : rows[rows.length - 1].version + 1;
    }
  }
  async readAll(from, limit) {
    const { rows } = await this.sql.query(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      [
        String(from.commit < 0n ? 0n : from.commit),
        String(from.prepare < 0n ? 0n : from.prepare),
        limit,
      ],
    );
    return rows.map(toRecordedEvent);
  }
  async subscribe(name, handler, options = {}) {
    const subscription = new checkpointed_subscription_1.CheckpointedSubscription(
      name,
      handler,
      {
        readAll: (from, limit) => this.readAll(from, limit),
        onAppended: (listener) => {
          this.appended.on('appended', listener);
          return () => this.appended.off('appended', listener);
        },
      },
      this.sql,
      { ...this.defaults, ...options },
    ).start();
    this.subscriptions.add(subscription);
    return {
      name,
      get active() {
        return subscription.active;
      },
      get checkpoint() {
        return subscription.checkpoint;
      },
      caughtUp: (timeoutMs) => subscription.caughtUp(timeoutMs),
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }
  verifyStream(streamId) {
    return (0, hash_chain_1.verifyChain)(streamId, this.readStream(streamId));
  }
  async streamVersion(streamId) {
    const { rows } = await this.sql.query(
      'SELECT max(version) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]?.version ?? 0;
  }
  async ping() {
    await this.sql.query('SELECT 1');
  }
  async close() {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
  }
  async headFor(streamId, expected) {
    if (expected === 'no-stream' || expected === 0)
      return { version: 0, hash: hash_chain_1.GENESIS_HASH };
    if (expected === 'any') {
      const { rows } = await this.sql.query(
        'SELECT version, hash FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1',
        [streamId],
      );
      return rows[0] ?? { version: 0, hash: hash_chain_1.GENESIS_HASH };
    }
    const cached = this.heads.get(streamId);
    if (cached?.version === expected) return cached;
    const { rows } = await this.sql.query(
      'SELECT version, hash FROM events WHERE stream_id = $1 AND version = $2',
      [streamId, expected],
    );
    if (rows.length === 0) {
      throw new errors_1.WrongExpectedVersionError(
        streamId,
        expected,
        await this.streamVersion(streamId),
      );
    }
    return rows[0];
  }
  chain(streamId, head, events, recordedAt) {
    let prevHash = head.hash;
    return events.map((event, index) => {
      const version = head.version + index + 1;
      const metadata = { ...event.metadata, recordedAt: event.metadata?.recordedAt ?? recordedAt };
      const hash = (0, hash_chain_1.hashEvent)({
        streamId,
        version,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata,
        prevHash,
      });
      const row = {
        stream_id: streamId,
        version,
        event_id: event.eventId,
        type: event.type,
        data: event.data,
        metadata,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
  }
  async alreadyAppended(streamId, events) {
    const ids = events.map((e) => e.eventId.toLowerCase());
    const { rows } = await this.sql.query(
      `SELECT ${COLUMNS} FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`,
      [ids],
    );
    if (rows.length === 0) return null;
    const inOrder =
      rows.length === ids.length &&
      rows.every(
        (row, i) =>
          row.stream_id === streamId &&
          row.event_id === ids[i] &&
          row.version === rows[0].version + i,
      );
    if (!inOrder) {
      throw new errors_1.InvalidAppendError(
        'event ids already stored, but not as this append in this stream',
      );
    }
    const last = rows[rows.length - 1];
    return {
      nextExpectedVersion: last.version,
      position: { commit: BigInt(last.transaction_id), prepare: BigInt(last.global_position) },
    };
  }
  remember(streamId, head) {
    if (this.heads.size >= HEAD_CACHE_LIMIT && !this.heads.has(streamId)) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
  }
}
exports.SqlEventStore = SqlEventStore;
function toRecordedEvent(row) {
  return {
    streamId: row.stream_id,
    version: row.version,
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    prevHash: row.prev_hash,
    hash: row.hash,
    position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) },
  };
}
//# sourceMappingURL=sql-event-store.js.map
