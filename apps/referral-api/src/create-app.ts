import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { environment, loadConfig, trustProxy } from '@app/config';
import { createValidationPipe } from '@app/http';
import { mountQueueDashboard } from '@app/notifications';
import { createHttpApp } from '@app/platform';
import { AppModule } from './app.module';
import { mountConsole } from './console/serve-console';

/** Request bodies over 64 KiB are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The API as it runs in production; end-to-end tests build it the same way. */
export async function createApp(
  env?: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const config = loadConfig(environment(env));
  const app = await createHttpApp(AppModule.register(env), {
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxy(config),
  });
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
  await mountQueueDashboard(app);
  await mountConsole(app);
  return app;
}
