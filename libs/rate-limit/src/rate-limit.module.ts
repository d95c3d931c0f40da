import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { Principal } from '@app/access';
import { AppConfig } from '@app/config';
import { RedisThrottlerStorage } from './redis-throttler.storage';

interface RequestLike {
  ip?: string;
  auth?: Principal;
  url?: string;
}

/**
 * Requests per minute per API key (per address before authentication), shared by all replicas
 * through Redis. Registered after the AuthGuard, so the key is known. Answers 429 with
 * Retry-After once the limit is passed.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        skipIf: (context) => {
          const request = context.switchToHttp().getRequest<RequestLike>();
          return config.RATE_LIMIT_PER_MINUTE === 0 || (request.url ?? '').startsWith('/health/');
        },
        getTracker: (request: Record<string, unknown>) => {
          const { auth, ip } = request as RequestLike;
          return auth ? `key:${auth.keyId}` : `ip:${ip ?? 'unknown'}`;
        },
      }),
    }),
  ],
  providers: [
    RedisThrottlerStorage,
    { provide: ThrottlerStorage, useExisting: RedisThrottlerStorage },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class RateLimitModule {}
