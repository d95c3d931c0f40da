import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { CryptoModule } from '@app/crypto';
import { environment, EventStoreKind, loadConfig } from '@app/config';
import { IdempotencyModule } from '@app/idempotency';
import { NotificationsModule, NotificationWorkerModule } from '@app/notifications';
import { PlatformModule } from '@app/platform';
import { ProjectionsModule } from '@app/projections';
import { RateLimitModule } from '@app/rate-limit';
import { StatisticsModule } from '@app/statistics';

@Module({})
export class AppModule {
  /** `env` is the process environment in production; tests pass their own. */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    // The embedded store can be opened by one process only: that process is the worker too.
    const embedded = loadConfig(environment(env)).EVENT_STORE === EventStoreKind.Embedded;
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
        NotificationsModule,
        AuditModule,
        StatisticsModule,
        ...(embedded ? [NotificationWorkerModule] : []),
      ],
    };
  }
}
