import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@app/platform';
import { WorkerModule } from './worker.module';

/** The worker serves health endpoints only: no request needs a body of any size. */
const BODY_LIMIT_BYTES = 1024;

/** The worker as it runs in production; tests build it the same way. */
export function createWorker(
  env?: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  return createHttpApp(WorkerModule.register(env), { bodyLimit: BODY_LIMIT_BYTES });
}
