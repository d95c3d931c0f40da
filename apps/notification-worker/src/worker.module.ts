import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';

/** The standalone notification worker: queue processors, plus health endpoints for probes. */
@Module({})
export class WorkerModule {
  /** `env` is the process environment in production; tests pass their own. */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    return { module: WorkerModule, imports: [PlatformModule.register(env)] };
  }
}
