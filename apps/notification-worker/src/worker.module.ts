import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { CryptoModule } from '@app/crypto';
import { Readiness } from '@app/health';
import { NotificationWorkerModule } from '@app/notifications';
import { PlatformModule } from '@app/platform';

/**
 * The standalone notification worker: webhook delivery, the queue's reconciler and the referral
 * deadlines, plus health endpoints for probes. Without Redis it cannot deliver: unready.
 */
@Module({})
export class WorkerModule implements OnModuleInit {
  constructor(private readonly readiness: Readiness) {}

  /** `env` is the process environment in production; tests pass their own. */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.register(env), CryptoModule, NotificationWorkerModule],
    };
  }

  onModuleInit(): void {
    this.readiness.requireRedis();
  }
}
