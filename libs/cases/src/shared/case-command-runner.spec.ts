import { v7 as uuidv7 } from 'uuid';
import type { AgencyRegistry, Principal } from '@app/access';
import { AppConfig } from '@app/config';
import { CaseCommand } from '@app/domain';
import { EventStore, InMemoryEventStore, MemoryLog } from '@app/event-store';
import { Operation } from '@app/http';
import { CaseBusyError, PreconditionFailedError } from './case.errors';
import { CaseCommandRunner } from './case-command-runner';
import { CaseRepository, caseStreamId } from './case-repository';
import { CommandContext } from './execute-case-command.command';

const config = { CASE_CACHE_SIZE: 100, REFLECTION_PERIOD_DAYS: 30 } as AppConfig;
const lead: Principal = { agencyId: 'fia-lahore', role: 'officer', keyId: 'k', officerId: 'o-1' };

/** A replica: its own runner and kept states, over `store`. */
function replica(store: EventStore) {
  return new CaseCommandRunner(store, new CaseRepository(store, config), config, {
    exists: async () => true,
  } as unknown as AgencyRegistry);
}

const context = (operation: Operation = { id: uuidv7(), resumed: false }, extra = {}) =>
  ({ operation, correlationId: 'c', ...extra }) as CommandContext;

const openCase = (caseId: string): CaseCommand => ({
  type: 'OpenCase',
  caseId,
  identifiedAt: '2026-11-20T08:30:00.000Z',
  identificationSource: 'raid',
  location: { province: 'punjab', district: 'Lahore' },
  crimeType: 'tip',
  victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: null },
  exploitationTypes: [],
  indicators: [],
});

const consent = (consentId: string): CaseCommand => ({
  type: 'RecordConsent',
  consentId,
  decision: 'given',
  scope: 'services',
  services: ['shelter'],
  givenBy: 'victim',
  method: 'written',
});

async function opened(runner: CaseCommandRunner): Promise<string> {
  const operation = { id: uuidv7(), resumed: false };
  await runner.decideAndAppend(operation.id, openCase(operation.id), lead, context(operation), {
    opens: true,
  });
  return operation.id;
}

async function types(store: EventStore, caseId: string): Promise<string[]> {
  const found: string[] = [];
  for await (const event of store.readStream(caseStreamId(caseId))) found.push(event.type);
  return found;
}

describe('decideAndAppend', () => {
  it('decides again on the stored case when the state it kept is behind another replica', async () => {
    const log = new MemoryLog();
    const [a, b] = [new InMemoryEventStore(log), new InMemoryEventStore(log)];
    const [first, second] = [replica(a), replica(b)];
    const caseId = await opened(first);
    const id = uuidv7();
    await second.decideAndAppend(caseId, consent(id), lead, context({ id, resumed: false }));
    // `first` kept the case at version 1; the consent above moved it to 2.
    const later = uuidv7();
    const result = await first.decideAndAppend(caseId, consent(later), lead, context());
    expect(result).toEqual({ caseId, version: 3 });
    expect(await types(a, caseId)).toEqual([
      'case.opened.v1',
      'consent.recorded.v1',
      'consent.recorded.v1',
    ]);
  });

  it('refuses with 412 when If-Match names another version, and changes nothing', async () => {
    const store = new InMemoryEventStore();
    const runner = replica(store);
    const caseId = await opened(runner);
    await runner.decideAndAppend(caseId, consent(uuidv7()), lead, context());
    await expect(
      runner.decideAndAppend(
        caseId,
        consent(uuidv7()),
        lead,
        context(undefined, { expectedVersion: 1 }),
      ),
    ).rejects.toEqual(new PreconditionFailedError(2));
    expect(await store.streamVersion(caseStreamId(caseId))).toBe(2);
  });

  it('answers a retry after a lost answer with what the first attempt stored', async () => {
    const store = new InMemoryEventStore();
    const caseId = await opened(replica(store));
    const id = uuidv7();
    const shared = { idempotencyKey: 'k-1' };
    const first = await replica(store).decideAndAppend(
      caseId,
      consent(id),
      lead,
      context({ id, resumed: false }, shared),
    );
    // The answer never reached the caller; a new process takes the retry over.
    const retry = await replica(store).decideAndAppend(
      caseId,
      consent(id),
      lead,
      context({ id, resumed: true }, shared),
    );
    expect(retry).toEqual(first);
    expect(await types(store, caseId)).toEqual(['case.opened.v1', 'consent.recorded.v1']);
  });

  it('gives up, retryable, when other writers always get there first', async () => {
    const store = new InMemoryEventStore();
    const caseId = await opened(replica(store));
    // Another writer appends to the case right before every append of this runner.
    const racing = Object.create(store) as EventStore;
    racing.append = async (streamId, events, options) => {
      await replica(store).decideAndAppend(caseId, consent(uuidv7()), lead, context());
      return store.append(streamId, events, options);
    };
    const error = await replica(racing)
      .decideAndAppend(caseId, consent(uuidv7()), lead, context())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseBusyError);
    expect((error as CaseBusyError).extensions.retryable).toBe(true);
  });
});
