import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { AppModule } from './app.module';

/** API.md: request bodies over 64 KiB are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  await app.listen(config.PORT, config.HOST);
  app
    .get(Logger)
    .log(
      `referral API listening on ${config.HOST}:${config.PORT} (${config.EVENT_STORE} event store)`,
    );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`referral API failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
