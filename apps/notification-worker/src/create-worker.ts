import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from '@app/http';
import { WorkerModule } from './worker.module';

/** The worker as it runs in production; tests build it the same way. */
export async function createWorker(
  env?: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    WorkerModule.register(env),
    new FastifyAdapter(),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}
