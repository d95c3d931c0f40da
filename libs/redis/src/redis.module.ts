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
  on(event: 'ready' | 'end', listener: () => void): unknown;
}

/** The process's connections to Redis that are down now: one outage, however many connections. */
const down = new Set<OutageSource>();

/**
 * One line when Redis becomes unavailable and one when it is back, for the whole process: its
 * connections (the shared one, the notification queue's, the worker's) and all the retries
 * ioredis reports meanwhile make one outage. Also the 'error' listener every ioredis client
 * needs: without one, an error event crashes the process.
 */
export function logOutages(source: OutageSource, logger: Logger): void {
  source.on('error', (error) => {
    if (down.has(source)) return;
    if (down.size === 0) {
      logger.warn(`Redis unavailable: ${error.code ?? error.name}; reconnecting with back-off`);
    }
    down.add(source);
  });
  source.on('ready', () => {
    if (!down.delete(source)) return;
    if (down.size === 0) logger.log('Redis available again');
  });
  // A connection closed for good is no longer part of any outage.
  source.on('end', () => void down.delete(source));
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
