import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { CaseReadModelProjection } from './case-read-model.projection';
import { ListCasesController } from './list-cases/list-cases.controller';
import { ListInboxController } from './list-inbox/list-inbox.controller';
import { PROJECTIONS_MIGRATIONS } from './projections.migrations';
import { ReadModelRunner } from './read-model.runner';

@Module({
  controllers: [ListCasesController, ListInboxController],
  providers: [CaseReadModelProjection, ReadModelRunner],
  exports: [ReadModelRunner],
})
export class ProjectionsModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, PROJECTIONS_MIGRATIONS);
  }
}
