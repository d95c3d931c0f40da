import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from '@app/access';
import { CasesModule } from '@app/cases';
import { AppConfigModule } from '@app/config';
import { CryptoModule } from '@app/crypto';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { HealthModule } from '@app/health';
import { IdempotencyModule } from '@app/idempotency';
import { LoggingModule } from '@app/logging';
import { ProjectionsModule } from '@app/projections';
import { RateLimitModule } from '@app/rate-limit';
import { RedisModule } from '@app/redis';

@Module({})
export class AppModule {
  /** `env` is the process environment in production; tests pass their own. */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        DatabaseModule,
        EventStoreModule,
        RedisModule,
        CryptoModule,
        CqrsModule.forRoot(),
        AccessModule,
        RateLimitModule,
        IdempotencyModule,
        CasesModule,
        ProjectionsModule,
        HealthModule,
      ],
    };
  }
}
