import { Inject, Injectable } from '@nestjs/common';
import { CaseEvent, CaseState, evolve, upcast } from '@app/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';

export const caseStreamId = (caseId: string) => `case-${caseId}`;

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

const CACHED_CASES = 5_000;

/**
 * Rebuilds a case by replaying its stream: commands and case reads are always up to date. The
 * folded state of recently used cases is kept, so a load reads only the events stored since,
 * which is one query whatever the replica or the writer.
 */
@Injectable()
export class CaseRepository {
  private readonly folded = new Map<string, { state: CaseState; version: number }>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The case as it is now, with its version (0 and null when there is no such case). */
  async loadCurrent(caseId: string): Promise<{ state: CaseState | null; version: number }> {
    const known = this.folded.get(caseId);
    let state = known?.state ?? null;
    let version = known?.version ?? 0;
    for await (const recorded of this.store.readStream(caseStreamId(caseId), {
      fromVersion: version + 1,
    })) {
      state = evolve(state, toCaseEvent(recorded));
      version = recorded.version;
    }
    if (state && version !== known?.version) {
      if (this.folded.size >= CACHED_CASES) this.folded.clear();
      this.folded.set(caseId, { state, version });
    }
    return { state, version };
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

  private within(event: RecordedEvent, point: ReplayPoint): boolean {
    if (point.version !== undefined && event.version > point.version) return false;
    if (point.asOf !== undefined && new Date(event.metadata.recordedAt) > point.asOf) return false;
    return true;
  }
}

export function toCaseEvent(recorded: RecordedEvent): CaseEvent {
  return upcast(recorded.type, recorded.data);
}
