import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { HealthModule } from '@app/health';
import { LoggingModule } from '@app/logging';
import { RedisModule } from '@app/redis';

/**
 * What every app of the service runs on, in one place: validated configuration, logging, the
 * database, the event store, Redis, and the health endpoints that report on them.
 */
@Module({})
export class PlatformModule {
  /** `env` is the process environment in production; tests pass their own. */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: PlatformModule,
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
