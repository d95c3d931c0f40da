import { Inject, Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@app/crypto';
import { caseIdOfStream } from '@app/domain';
import {
  BatchEventHandler,
  EVENT_STORE,
  EventStore,
  RecordedEvent,
  SubscriptionRunner,
} from '@app/event-store';

/**
 * Destroys the key of every case whose personal data was erased. The erasure command destroys it
 * itself right after its event is stored; this makes sure of it when that process died in
 * between. Destroying a key twice is no different from once.
 */
@Injectable()
export class ErasedCaseKeysProcessor implements BatchEventHandler {
  constructor(private readonly vault: PersonalDataVault) {}

  async handleBatch(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'case.personal-data-erased.v1') continue;
      const caseId = caseIdOfStream(event.streamId);
      if (caseId) await this.vault.destroyCaseKey(caseId);
    }
  }
}

/** Permanent: a new name would go through the whole log again (harmless, but slow). */
export const ERASURE_SUBSCRIPTION = 'erasure.v1';

@Injectable()
export class ErasedCaseKeysRunner extends SubscriptionRunner {
  constructor(@Inject(EVENT_STORE) store: EventStore, processor: ErasedCaseKeysProcessor) {
    super(store, ERASURE_SUBSCRIPTION, processor);
  }
}
