import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { ProjectionRebuilds, ProjectionsModule } from '@app/projections';
import { HtcdsExportController } from './export/htcds.controller';
import { StatisticsController } from './http/statistics.controller';
import { StatisticsAnswers } from './queries/answers';
import {
  STATISTICS_TABLES,
  StatisticsProjection,
  StatisticsRunner,
} from './projection/statistics.projection';
import { STATISTICS_MIGRATIONS } from './statistics.migrations';

/**
 * Disaggregated TIP/SOM statistics, always current and the same for everyone who asks: a
 * projection of the log (codes and times only), the statistics endpoints with small-cell
 * protection, and the k-anonymous research export.
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [StatisticsController, HtcdsExportController],
  providers: [StatisticsProjection, StatisticsRunner, StatisticsAnswers],
  exports: [StatisticsProjection, StatisticsRunner],
})
export class StatisticsModule implements OnModuleInit {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly rebuilds: ProjectionRebuilds,
    private readonly runner: StatisticsRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, STATISTICS_MIGRATIONS);
    this.rebuilds.register({ name: 'statistics', runner: this.runner, tables: STATISTICS_TABLES });
  }
}
