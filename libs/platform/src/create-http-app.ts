import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { configureHttpServer, createHttpAdapter, ProblemDetailsFilter } from '@app/http';

/**
 * A Nest app on Fastify as every app of the service runs: problem+json for every error (Fastify's
 * and Node's own included), JSON bodies only, the request logger, shutdown hooks (which close
 * subscriptions and the database in order). Start-up fails by throwing: main prints why.
 */
export async function createHttpApp(
  module: DynamicModule,
  options: { bodyLimit: number; trustProxy?: false | string },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(options), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  configureHttpServer(app, options.bodyLimit);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}
