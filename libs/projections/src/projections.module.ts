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
import { ProjectionRebuilds } from './rebuild/projection-rebuilds';
import { ProjectionsController } from './rebuild/projections.controller';
import { ReferralInboxReadModel } from './referral-inbox/referral-inbox.read-model';

/** The read models kept from the log (case list, inboxes), and the routes that list them. */
@Module({
  imports: [CqrsModule],
  controllers: [ListCasesController, ListInboxController, ProjectionsController],
  providers: [
    CaseSummariesReadModel,
    ReferralInboxReadModel,
    CaseReadModelProjection,
    ReadModelRunner,
    ListCasesHandler,
    ListInboxHandler,
    ProjectionRebuilds,
  ],
  exports: [ReadModelRunner, ProjectionRebuilds],
})
export class ProjectionsModule implements OnModuleInit {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly rebuilds: ProjectionRebuilds,
    private readonly readModels: ReadModelRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, PROJECTIONS_MIGRATIONS);
    this.rebuilds.register({
      name: 'read-models',
      runner: this.readModels,
      tables: ['case_summaries', 'referral_inbox'],
    });
  }
}
