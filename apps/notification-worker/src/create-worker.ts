import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { configureHttpServer, createHttpAdapter, ProblemDetailsFilter } from '@app/http';

/** The worker serves health endpoints only: no request needs a body of any size. */
const BODY_LIMIT_BYTES = 1024;
import { WorkerModule } from './worker.module';

/** The worker as it runs in production; tests build it the same way. */
export async function createWorker(
  env?: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    WorkerModule.register(env),
    createHttpAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { bufferLogs: true, bodyParser: false },
  );
  configureHttpServer(app, BODY_LIMIT_BYTES);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}
