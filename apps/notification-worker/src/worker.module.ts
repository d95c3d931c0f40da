import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { RedisModule } from '@app/redis';

/** The standalone notification worker: queue processors, plus health endpoints for probes. */
@Module({})
export class WorkerModule {
  /** `env` is the process environment in production; tests pass their own. */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        DatabaseModule,
        EventStoreModule,
        RedisModule,
        HealthModule,
      ],
    };
  }
}
