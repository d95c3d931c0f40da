import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { createWorker } from './create-worker';

async function bootstrap(): Promise<void> {
  const app = await createWorker();
  const config = app.get(AppConfig);
  await app.listen(config.WORKER_PORT, config.HOST);
  app.get(Logger).log(`notification worker listening on ${config.HOST}:${config.WORKER_PORT}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`notification worker failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
