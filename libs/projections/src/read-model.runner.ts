import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, SubscriptionRunner } from '@app/event-store';
import { CaseReadModelProjection } from './case-read-model.projection';

/** Permanent: renaming it would rebuild the read models from position zero. */
export const READ_MODEL_SUBSCRIPTION = 'read-models.v1';

/** The case list and the inboxes, kept from the log (a page of events per transaction). */
@Injectable()
export class ReadModelRunner extends SubscriptionRunner {
  constructor(@Inject(EVENT_STORE) store: EventStore, projection: CaseReadModelProjection) {
    super(store, READ_MODEL_SUBSCRIPTION, projection);
  }
}
