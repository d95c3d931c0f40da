import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { ApiKeyService, bearerToken, SYSTEM_AGENCY_ID } from '@app/access';
import { AppConfig } from '@app/config';
import { ErrorCode, problem, PROBLEM_CONTENT_TYPE, statusOf } from '@app/http';
import { bullPrefix, NOTIFICATION_QUEUE } from '../shared/notification-queue';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues, for the service's administrators only (admin keys of agency
 * `system`, `Authorization: Bearer <key>` on every request, the page's own included): the queue
 * is every agency's, and the dashboard can pause or empty it. It is served by Fastify directly, outside Nest's guards,
 * so it checks the key itself. Its queue has a connection of its own that waits for Redis
 * instead of failing: a dashboard may be slow while Redis is down, the API's queue may not.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  const apiKeys = app.get(ApiKeyService);
  const connection = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    commandTimeout: 5_000,
    connectionName: 'safe-referral:queue-dashboard',
    lazyConnect: true,
  });
  // The API's own connections report outages; the dashboard's would only repeat them.
  connection.on('error', () => undefined);
  const queue = new Queue(NOTIFICATION_QUEUE, { connection, prefix: bullPrefix(config) });
  queue.on('error', () => undefined);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter });

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const key = bearerToken(request.headers.authorization);
      const principal = key ? await apiKeys.authenticate(key) : null;
      if (!principal) {
        return refuse(
          reply,
          'unauthenticated',
          'Send an admin API key as "Authorization: Bearer <api-key>".',
        );
      }
      // The queue is every agency's: pausing or emptying it is for the service's administrators.
      if (principal.role !== 'admin' || principal.agencyId !== SYSTEM_AGENCY_ID) {
        return refuse(
          reply,
          'role-not-allowed',
          "The queue dashboard is for the service's administrators only.",
        );
      }
    });
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: QUEUE_DASHBOARD_PATH });
  });
  fastify.addHook('onClose', async () => {
    await queue.close().catch(() => undefined);
    connection.disconnect();
  });
}

function refuse(reply: FastifyReply, code: ErrorCode, detail: string) {
  const status = statusOf(code);
  return reply
    .code(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem(status, detail, { code })));
}
