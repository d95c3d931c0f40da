export * from './event-store.port';
export * from './errors';
export * from './hash-chain';
export * from './position';
export * from './sql/sql-event-store';
export * from './sql/event-store.migrations';
export * from './kurrentdb/kurrentdb-event-store';
export * from './event-store.module';
