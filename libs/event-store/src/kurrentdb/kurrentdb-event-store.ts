import { SqlClient } from '@app/database';
import { EventStore, SubscribeOptions } from '../event-store.port';

export abstract class KurrentDbEventStore implements EventStore {
  static async connect(
    _connectionString: string,
    _sql: SqlClient,
    _defaults: SubscribeOptions,
  ): Promise<EventStore> {
    throw new Error('KurrentDB adapter not implemented yet');
  }
  abstract append: EventStore['append'];
  abstract readStream: EventStore['readStream'];
  abstract readAll: EventStore['readAll'];
  abstract subscribe: EventStore['subscribe'];
  abstract verifyStream: EventStore['verifyStream'];
  abstract streamVersion: EventStore['streamVersion'];
  abstract ping: EventStore['ping'];
  abstract close: EventStore['close'];
}
