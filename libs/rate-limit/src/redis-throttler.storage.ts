import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/redis';

/** The script as a command of the client (ioredis defineCommand): [hits, ms left]. */
type IncrementCommand = (key: string, ttlMs: number) => Promise<[number, number]>;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// A fixed window per key, counted atomically in Redis so every replica shares one limit. Sent
// by its SHA (EVALSHA), and as a whole only when Redis does not know it yet.
const INCREMENT_COMMAND = 'safeReferralRateIncrement';
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`;

/**
 * @nestjs/throttler's storage on the service's Redis. When Redis does not answer, requests are
 * let through: a referral that cannot wait must not be refused because a counter is down.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly prefix: string;
  private unavailableLoggedAt = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.REDIS_PREFIX}:rate:`;
    redis.defineCommand(INCREMENT_COMMAND, { numberOfKeys: 1, lua: INCREMENT });
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    try {
      const increment = (this.redis as unknown as Record<string, IncrementCommand>)[
        INCREMENT_COMMAND
      ];
      const [hits, pttl] = await increment.call(this.redis, this.prefix + key, ttl);
      const timeToExpire = Math.max(1, Math.ceil(pttl / 1000));
      const isBlocked = hits > limit;
      return {
        totalHits: hits,
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? timeToExpire : 0,
      };
    } catch (error) {
      // Every request meets it while Redis is away: a line a minute says so.
      if (Date.now() - this.unavailableLoggedAt > 60_000) {
        this.unavailableLoggedAt = Date.now();
        this.logger.warn(
          `rate limits not counted while Redis is unavailable: ${(error as Error).name}`,
        );
      }
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
