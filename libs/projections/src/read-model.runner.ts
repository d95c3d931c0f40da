import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, EventStore, Subscription } from '@app/event-store';
import { CaseReadModelProjection } from './case-read-model.projection';

/** Permanent: renaming it would rebuild the read models from position zero. */
export const READ_MODEL_SUBSCRIPTION = 'read-models.v1';

/**
 * Drives the read models from the checkpointed subscription. Every API replica runs one; the
 * subscription's lock makes exactly one of them active.
 */
@Injectable()
export class ReadModelRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReadModelRunner.name);
  private subscription: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projection: CaseReadModelProjection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A page of events per transaction: the read models keep up with bursts of commands.
    this.subscription = await this.store.subscribe(READ_MODEL_SUBSCRIPTION, this.projection);
    this.logger.log(`read models subscribed as ${READ_MODEL_SUBSCRIPTION}`);
  }

  /** Resolves once every event stored so far is reflected in the read models. */
  async caughtUp(timeoutMs?: number): Promise<void> {
    await this.subscription?.caughtUp(timeoutMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
