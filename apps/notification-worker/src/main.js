'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
require('reflect-metadata');
const core_1 = require('@nestjs/core');
const platform_fastify_1 = require('@nestjs/platform-fastify');
const nestjs_pino_1 = require('nestjs-pino');
const config_1 = require('../../../config/src/index.js');
const worker_module_1 = require('./worker.module');
async function bootstrap() {
  const app = await core_1.NestFactory.create(
    worker_module_1.WorkerModule,
    new platform_fastify_1.FastifyAdapter(),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(nestjs_pino_1.Logger));
  app.enableShutdownHooks();
  const config = app.get(config_1.AppConfig);
  await app.listen(config.WORKER_PORT, config.HOST);
  app
    .get(nestjs_pino_1.Logger)
    .log(`notification worker listening on ${config.HOST}:${config.WORKER_PORT}`);
}
bootstrap().catch((error) => {
  process.stderr.write(`notification worker failed to start: ${error.message}\n`);
  process.exit(1);
});
//# sourceMappingURL=main.js.map
