import { BeforeApplicationShutdown, Global, Inject, Module } from '@nestjs/common';
import { AppConfig, EventStoreKind } from '@app/config';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { EVENT_STORE, EventStore } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { CHECKPOINT_MIGRATIONS, EVENT_STORE_MIGRATIONS } from './sql/event-store.migrations';
import { SqlEventStore } from './sql/sql-event-store';

export async function createEventStore(config: AppConfig, sql: SqlClient): Promise<EventStore> {
  const defaults = {
    pollIntervalMs: config.SUBSCRIPTION_POLL_INTERVAL_MS,
    lingerMs: config.SUBSCRIPTION_LINGER_MS,
  };
  if (config.EVENT_STORE === EventStoreKind.KurrentDb) {
    await migrate(sql, CHECKPOINT_MIGRATIONS);
    return KurrentDbEventStore.connect(config.KURRENTDB_CONNECTION_STRING!, sql, defaults);
  }
  await migrate(sql, EVENT_STORE_MIGRATIONS);
  return new SqlEventStore(sql, defaults);
}

@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [AppConfig, SQL_CLIENT], useFactory: createEventStore },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements BeforeApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Runs before the database module closes the SqlClient the subscriptions use. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
