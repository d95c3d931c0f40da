import { Module } from '@nestjs/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { RedisModule } from '@app/redis';

/** The standalone notification worker: queue processors, plus health endpoints for probes. */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggingModule,
    DatabaseModule,
    EventStoreModule,
    RedisModule,
    HealthModule,
  ],
})
export class WorkerModule {}
