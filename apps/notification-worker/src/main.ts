import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule, new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  await app.listen(config.WORKER_PORT, config.HOST);
  app.get(Logger).log(`notification worker listening on ${config.HOST}:${config.WORKER_PORT}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`notification worker failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
