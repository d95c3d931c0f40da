import { caseOpened } from '../../../domain/src/case/testing/case.fixtures';
import { AppConfig } from '@app/config';
import { EventStore, RecordedEvent } from '@app/event-store';
import { CaseRepository, caseStreamId } from './case-repository';

const CAPACITY = 1_000;
const config = (size: number) => ({ CASE_CACHE_SIZE: size }) as AppConfig;
const caseId = (n: number) => `0193a0e0-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** An event store holding one opened case per stream, counting the streams it is asked for. */
function storeOfOpenedCases() {
  const reads: string[] = [];
  const store = {
    readStream(streamId: string, options: { fromVersion?: number } = {}) {
      reads.push(streamId);
      const id = streamId.replace(/^case-/, '');
      const opened = caseOpened({ caseId: id });
      const event = { streamId, version: 1, type: opened.type, data: opened.data } as RecordedEvent;
      const events = (options.fromVersion ?? 1) <= 1 ? [event] : [];
      return (async function* () {
        yield* events;
      })();
    },
  } as unknown as EventStore;
  return { store, reads };
}

describe('CaseRepository kept states', () => {
  it('keeps the most recently used cases when full, and lets the least recently used go', async () => {
    const { store, reads } = storeOfOpenedCases();
    const repository = new CaseRepository(store, config(CAPACITY));
    for (let n = 0; n < CAPACITY; n++) await repository.loadCurrent(caseId(n));
    expect(repository.cached(caseId(0))?.version).toBe(1); // used again: now the most recent

    await repository.loadCurrent(caseId(CAPACITY)); // one more than fits

    expect(repository.cached(caseId(0))).toBeDefined();
    expect(repository.cached(caseId(1))).toBeUndefined();
    expect(repository.cached(caseId(2))).toBeDefined();
    expect(repository.cached(caseId(CAPACITY))).toBeDefined();

    reads.length = 0;
    await repository.loadCurrent(caseId(1));
    expect(reads).toEqual([caseStreamId(caseId(1))]);
    expect(repository.cached(caseId(1))?.state.caseId).toBe(caseId(1));
  });

  it('keeps nothing when CASE_CACHE_SIZE is 0: every load reads the stream', async () => {
    const { store, reads } = storeOfOpenedCases();
    const repository = new CaseRepository(store, config(0));
    await repository.loadCurrent(caseId(1));
    await repository.loadCurrent(caseId(1));
    expect(repository.cached(caseId(1))).toBeUndefined();
    expect(reads).toHaveLength(2);
  });
});
