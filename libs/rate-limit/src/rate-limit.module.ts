import { Global, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { AUTH_FAILURE_LIMITER, AuthenticatedRequest, AuthFailureLimiter } from '@app/access';
import { AppConfig } from '@app/config';
import { addressBucket } from './client-address';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE_MS = 60_000;

/** Failed authentications per client address and minute, on the same Redis counters. */
@Injectable()
export class RedisAuthFailureLimiter implements AuthFailureLimiter {
  constructor(
    private readonly storage: RedisThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async failed(address: string) {
    const limit = this.config.AUTH_FAILURES_PER_MINUTE;
    if (limit === 0) return { limited: false as const };
    const { isBlocked, timeToExpire } = await this.storage.increment(
      `auth-failures:ip:${addressBucket(address)}`,
      MINUTE_MS,
      limit,
    );
    return isBlocked
      ? { limited: true as const, retryAfterSeconds: timeToExpire }
      : { limited: false as const };
  }
}

/**
 * Requests per minute per API key, across every route and all replicas (counted in Redis).
 * Registered after the AuthGuard, so the key is known; requests that fail authentication are
 * counted per client address by the AuthGuard through RedisAuthFailureLimiter. Answers 429
 * with Retry-After once a limit is passed.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: MINUTE_MS, limit: config.RATE_LIMIT_PER_MINUTE }],
        skipIf: (context) => {
          const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
          return config.RATE_LIMIT_PER_MINUTE === 0 || (request.url ?? '').startsWith('/health/');
        },
        getTracker: (request: Record<string, unknown>) => {
          const { auth, ip } = request as unknown as AuthenticatedRequest;
          return auth ? `key:${auth.keyId}` : `ip:${ip ?? 'unknown'}`;
        },
        // One budget per key whatever the route (the default counts per route handler).
        generateKey: (_context, tracker, throttler) => `${throttler}:${tracker}`,
      }),
    }),
  ],
  providers: [
    RedisThrottlerStorage,
    { provide: ThrottlerStorage, useExisting: RedisThrottlerStorage },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: AUTH_FAILURE_LIMITER, useClass: RedisAuthFailureLimiter },
  ],
  exports: [AUTH_FAILURE_LIMITER],
})
export class RateLimitModule {}
