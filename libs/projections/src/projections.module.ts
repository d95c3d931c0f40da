import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { CaseReadModelProjection } from './case-read-model.projection';
import { CaseSummariesReadModel } from './case-summaries/case-summaries.read-model';
import { ListCasesController } from './list-cases/list-cases.controller';
import { ListCasesHandler } from './list-cases/list-cases.handler';
import { ListInboxController } from './list-inbox/list-inbox.controller';
import { ListInboxHandler } from './list-inbox/list-inbox.handler';
import { PROJECTIONS_MIGRATIONS } from './projections.migrations';
import { ReadModelRunner } from './read-model.runner';
import { ReferralInboxReadModel } from './referral-inbox/referral-inbox.read-model';

/** The read models kept from the log (case list, inboxes), and the routes that list them. */
@Module({
  imports: [CqrsModule],
  controllers: [ListCasesController, ListInboxController],
  providers: [
    CaseSummariesReadModel,
    ReferralInboxReadModel,
    CaseReadModelProjection,
    ReadModelRunner,
    ListCasesHandler,
    ListInboxHandler,
  ],
  exports: [ReadModelRunner],
})
export class ProjectionsModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, PROJECTIONS_MIGRATIONS);
  }
}
