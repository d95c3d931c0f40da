import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '@app/config';
import { CaseEvent, CaseState, evolve, upcast, caseStreamId } from '@app/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';

export { caseStreamId };

export interface LoadedCase {
  state: CaseState | null;
  /** Number of events applied (0: no case). */
  version: number;
  /** The stream's version whatever point was asked for. */
  headVersion: number;
  /** The case as it is now, which decides who may see it. */
  current: CaseState | null;
  /** Every stored event, in order. */
  events: RecordedEvent[];
}

export interface ReplayPoint {
  /** Stop after this version. */
  version?: number;
  /** Stop before the first event recorded after this instant. */
  asOf?: Date;
}

/**
 * Rebuilds a case by replaying its stream: case reads are always up to date. The folded state of
 * recently used cases is kept (least recently used out first), so a load reads only the events stored since, which is one query
 * whatever the replica or the writer. Commands may decide on the kept state without that query
 * (`cached`): their append names the version the state is at, so a state that is behind is
 * refused by the store and never decides anything.
 */
@Injectable()
export class CaseRepository {
  /** Absent when CASE_CACHE_SIZE is 0: every command then reads its case. */
  private readonly folded?: LRUCache<string, { state: CaseState; version: number }>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    config: AppConfig,
  ) {
    if (config.CASE_CACHE_SIZE > 0) this.folded = new LRUCache({ max: config.CASE_CACHE_SIZE });
  }

  /** The case as it is now, with its version (0 and null when there is no such case). */
  async loadCurrent(caseId: string): Promise<{ state: CaseState | null; version: number }> {
    const known = this.folded?.get(caseId);
    let state = known?.state ?? null;
    let version = known?.version ?? 0;
    for await (const recorded of this.store.readStream(caseStreamId(caseId), {
      fromVersion: version + 1,
    })) {
      state = evolve(state, toCaseEvent(recorded));
      version = recorded.version;
    }
    if (state) this.keep(caseId, state, version);
    return { state, version };
  }

  /**
   * The last state this process saw of the case, which may be behind the store: only for a
   * command, whose append checks the version.
   */
  cached(caseId: string): { state: CaseState; version: number } | undefined {
    return this.folded?.get(caseId);
  }

  /**
   * Folds events this process has just appended at `version` into the kept state, exactly as a
   * later read of the stream would return them (their data through JSON, as stored).
   */
  appended(
    caseId: string,
    before: CaseState | null,
    events: readonly CaseEvent[],
    version: number,
  ): void {
    let state = before;
    for (const event of events) {
      state = evolve(state, upcast(event.type, JSON.parse(JSON.stringify(event.data))));
    }
    if (state) this.keep(caseId, state, version);
  }

  /** Drops what this process kept of the case: the next command reads the stream. */
  forget(caseId: string): void {
    this.folded?.delete(caseId);
  }

  /** The whole stream, and the case at a point of it: for history and replay. */
  async load(caseId: string, point: ReplayPoint = {}): Promise<LoadedCase> {
    const events: RecordedEvent[] = [];
    let state: CaseState | null = null;
    let current: CaseState | null = null;
    let version = 0;
    let headVersion = 0;
    for await (const recorded of this.store.readStream(caseStreamId(caseId))) {
      events.push(recorded);
      current = evolve(current, toCaseEvent(recorded));
      headVersion = recorded.version;
      if (this.within(recorded, point)) {
        state = current;
        version = recorded.version;
      }
    }
    return { state, version, headVersion, current, events };
  }

  /** Keeps the newest state: a slow read finishing after a later append must not replace it. */
  private keep(caseId: string, state: CaseState, version: number): void {
    const known = this.folded?.get(caseId);
    if (known && known.version >= version) return;
    this.folded?.set(caseId, { state, version });
  }

  private within(event: RecordedEvent, point: ReplayPoint): boolean {
    if (point.version !== undefined && event.version > point.version) return false;
    if (point.asOf !== undefined && new Date(event.metadata.recordedAt) > point.asOf) return false;
    return true;
  }
}

export function toCaseEvent(recorded: RecordedEvent): CaseEvent {
  return upcast(recorded.type, recorded.data);
}
