import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createApp();
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
