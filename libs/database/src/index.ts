export * from './sql-client.port';
export * from './pg-sql-client';
export * from './pglite-sql-client';
export * from './migrations';
export * from './database.module';
export * from './write-batcher';
export * from './storable-text';
export * from './data-directory-lock';
