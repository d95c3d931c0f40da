import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from '@app/access';
import { CasesModule } from '@app/cases';
import { CryptoModule } from '@app/crypto';
import { IdempotencyModule } from '@app/idempotency';
import { PlatformModule } from '@app/platform';
import { ProjectionsModule } from '@app/projections';
import { RateLimitModule } from '@app/rate-limit';

@Module({})
export class AppModule {
  /** `env` is the process environment in production; tests pass their own. */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.register(env),
        CryptoModule,
        CqrsModule.forRoot(),
        AccessModule,
        RateLimitModule,
        IdempotencyModule,
        CasesModule,
        ProjectionsModule,
      ],
    };
  }
}
