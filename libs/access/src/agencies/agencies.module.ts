import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { ACCESS_MIGRATIONS } from '../access.migrations';
import { AgencyRegistry } from './agency-registry';

/**
 * The agency registry alone, for processes that need agencies but serve no API (the notification
 * worker). Its tables are created by whichever process starts first.
 */
@Module({ providers: [AgencyRegistry], exports: [AgencyRegistry] })
export class AgenciesModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, ACCESS_MIGRATIONS);
  }
}
