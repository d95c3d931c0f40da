import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { IDEMPOTENCY_MIGRATIONS } from './idempotency.migrations';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';

@Module({
  providers: [IdempotencyStore, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyStore],
})
export class IdempotencyModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyModule.name);
  private purging?: NodeJS.Timeout;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly store: IdempotencyStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, IDEMPOTENCY_MIGRATIONS);
    // Expired keys are reclaimed when reused anyway; purging keeps the table small. Every
    // replica may run it: a DELETE of expired rows is the same whoever does it.
    this.purging = setInterval(() => {
      this.store
        .purgeExpired()
        .then(
          (count) => count > 0 && this.logger.log(`purged ${count} expired idempotency records`),
        )
        .catch((error: Error) => this.logger.warn(`idempotency purge failed: ${error.message}`));
    }, PURGE_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purging);
  }
}

const PURGE_EVERY_MS = 60 * 60_000;
