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
  let down = false;
  redis.on('error', (error: Error & { code?: string }) => {
    if (down) return;
    down = true;
    logger.warn(`Redis unavailable: ${error.code ?? error.name}; reconnecting with back-off`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log('Redis available again');
  });
  return redis;
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
