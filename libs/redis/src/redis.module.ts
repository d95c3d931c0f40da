import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';

/** Injection token of the process's shared Redis connection (health, rate limits, locks). */
export const REDIS = Symbol('REDIS');

/** A command Redis has not answered in this long fails: a Redis that hangs holds up nothing. */
const COMMAND_TIMEOUT_MS = 1_000;

/**
 * The shared connection. Nothing on a command's path waits for Redis: commands fail fast while
 * it is down (no offline queue) or hangs (a command timeout), and their callers carry on without
 * it (rate limits let requests through). A lost connection is logged once per outage, and its
 * return once, instead of ioredis's line per reconnection attempt.
 */
export function createRedis(config: AppConfig): Redis {
  const logger = new Logger('Redis');
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectionName: 'safe-referral',
  });
  logOutages(redis, logger);
  return redis;
}

interface OutageSource {
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/**
 * One line when Redis becomes unavailable and one when it is back, however many times the client
 * retries meanwhile (ioredis reports every attempt). Also the 'error' listener every ioredis
 * client and BullMQ queue or worker needs: without one, an error event crashes the process.
 */
export function logOutages(source: OutageSource, logger: Logger, what = 'Redis'): void {
  let down = false;
  source.on('error', (error) => {
    if (down) return;
    down = true;
    logger.warn(`${what} unavailable: ${error.code ?? error.name}; reconnecting with back-off`);
  });
  source.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log(`${what} available again`);
  });
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [AppConfig], useFactory: createRedis }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
