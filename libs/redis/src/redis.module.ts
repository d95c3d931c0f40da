import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';

/** Injection token of the process's shared Redis connection (health, rate limits, locks). */
export const REDIS = Symbol('REDIS');

export function createRedis(config: AppConfig): Redis {
  return new Redis(config.REDIS_URL, {
    lazyConnect: false,
    // Fail fast instead of queueing commands while Redis is down, so readiness reports it.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectionName: 'safe-referral',
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
