import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, EventStoreKind } from '@app/config';
import { PgSqlClient } from './pg-sql-client';
import { PgliteSqlClient } from './pglite-sql-client';
import { SQL_CLIENT, SqlClient } from './sql-client.port';

/** Opens the SqlClient the configuration asks for: embedded PGlite or a PostgreSQL server. */
export async function openSqlClient(config: AppConfig): Promise<SqlClient> {
  if (config.EVENT_STORE === EventStoreKind.Embedded) {
    return PgliteSqlClient.open({ dataDir: config.DATA_DIR });
  }
  return new PgSqlClient(
    {
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_SIZE,
      application_name: 'safe-referral',
    },
    {
      connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  );
}

@Global()
@Module({
  providers: [{ provide: SQL_CLIENT, inject: [AppConfig], useFactory: openSqlClient }],
  exports: [SQL_CLIENT],
})
export class DatabaseModule implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sql.close();
    this.logger.log(`${this.sql.kind} database closed`);
  }
}
