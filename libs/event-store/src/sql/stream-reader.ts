import { RecordedEvent } from '../event-store.port';

/**
 * A stream read's row, as an array in STREAM_COLUMNS order (statements.ts): no stream id
 * (the reader knows it) and no per-row object for the driver to build.
 */
export type StreamRow = [
  commitPosition: string,
  preparePosition: string,
  version: number,
  eventId: string,
  type: string,
  /** `[data, metadata]` as JSON text. */
  payload: string,
  prevHash: string,
  hash: string,
];

export interface StreamReadPlan {
  streamId: string;
  backwards: boolean;
  /** First version to return (forwards), or last (backwards). */
  from: number;
  /** Events to return at most. */
  limit: number;
  pageSize: number;
  /** One page of at most `size` rows from version `from` on, in the read's direction. */
  readPage(from: number, size: number): Promise<StreamRow[]>;
  /** A forwards read went past the stream's last event, which is `head`. */
  reachedHead(head: RecordedEvent): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The events of one stream, page by page, as an async iterator. The next page is requested as
 * soon as a page arrives, so the database works on it while the caller goes through this one;
 * events of a page already in memory are handed out without the bookkeeping of an async
 * generator (a stream is replayed on every command and case read).
 */
export class StreamReader implements AsyncIterableIterator<RecordedEvent> {
  private rows: StreamRow[] = [];
  private index = 0;
  private pending: Promise<StreamRow[]> | undefined;
  private pendingSize = 0;
  private remaining: number;
  private previousLast: StreamRow | undefined;

  constructor(private readonly plan: StreamReadPlan) {
    this.remaining = plan.limit;
    if (this.remaining > 0) this.request(plan.from);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    if (this.index < this.rows.length) {
      return Promise.resolve({ done: false, value: this.event(this.rows[this.index++]) });
    }
    return this.nextPage();
  }

  /** The caller stopped early: a page still in flight no longer matters, even if it fails. */
  return(): Promise<IteratorResult<RecordedEvent, undefined>> {
    this.pending?.catch(() => undefined);
    this.pending = undefined;
    this.rows = [];
    return Promise.resolve(DONE);
  }

  private request(from: number): void {
    this.pendingSize = Math.min(this.plan.pageSize, this.remaining);
    this.pending = this.plan.readPage(from, this.pendingSize);
  }

  private async nextPage(): Promise<IteratorResult<RecordedEvent, undefined>> {
    const pending = this.pending;
    if (!pending) return DONE;
    this.pending = undefined;
    const size = this.pendingSize;
    const rows = await pending;
    this.remaining -= rows.length;
    const last = rows.length > 0 ? rows[rows.length - 1] : this.previousLast;
    if (rows.length === size && this.remaining > 0) {
      this.request(this.plan.backwards ? rows[size - 1][2] - 1 : rows[size - 1][2] + 1);
    } else if (rows.length < size && !this.plan.backwards && last) {
      this.plan.reachedHead(this.event(last));
    }
    this.previousLast = last;
    this.rows = rows;
    this.index = 0;
    if (rows.length === 0) return DONE;
    return { done: false, value: this.event(rows[this.index++]) };
  }

  private event([
    commit,
    prepare,
    version,
    eventId,
    type,
    payload,
    prevHash,
    hash,
  ]: StreamRow): RecordedEvent {
    const [data, metadata] = JSON.parse(payload) as [unknown, RecordedEvent['metadata']];
    return {
      streamId: this.plan.streamId,
      version,
      eventId,
      type,
      data,
      metadata,
      prevHash,
      hash,
      position: { commit: BigInt(commit), prepare: BigInt(prepare) },
    };
  }
}
