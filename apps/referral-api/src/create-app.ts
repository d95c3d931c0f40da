import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { environment, loadConfig, trustProxy } from '@app/config';
import {
  configureHttpServer,
  createHttpAdapter,
  createValidationPipe,
  ProblemDetailsFilter,
} from '@app/http';
import { AppModule } from './app.module';

/** API.md: request bodies over 64 KiB are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The API as it runs in production; end-to-end tests build it the same way. */
export async function createApp(
  env?: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const config = loadConfig(environment(env));
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(env),
    createHttpAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: trustProxy(config) }),
    // Fail by throwing: main prints the reason (a bad variable, a store down) and exits.
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  configureHttpServer(app, BODY_LIMIT_BYTES);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Safe Referral')
      .setDescription(
        'Inter-agency referral service of the National Referral Mechanism for victims of trafficking (TIP) ' +
          'and vulnerable smuggled migrants (SOM). Every error is application/problem+json.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Per-agency API key' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
