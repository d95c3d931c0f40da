import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const config = { REDIS_PREFIX: 'test' } as AppConfig;

/** A client whose defineCommand installs `increment` as the defined command. */
function fakeRedis(increment: jest.Mock): Redis {
  const redis: Record<string, unknown> = {};
  redis.defineCommand = jest.fn((name: string, definition: { numberOfKeys: number }) => {
    expect(definition.numberOfKeys).toBe(1);
    redis[name] = increment;
  });
  return redis as unknown as Redis;
}

describe('RedisThrottlerStorage', () => {
  it('blocks past the limit until the window ends', async () => {
    const increment = jest.fn().mockResolvedValue([41, 12_500]);
    const redis = fakeRedis(increment);
    const record = await new RedisThrottlerStorage(redis, config).increment('key:k1', 60_000, 40);
    expect(record).toEqual({
      totalHits: 41,
      timeToExpire: 13,
      isBlocked: true,
      timeToBlockExpire: 13,
    });
    expect(increment).toHaveBeenCalledWith('test:rate:key:k1', 60_000);
  });

  it('lets requests through when Redis does not answer', async () => {
    const redis = fakeRedis(jest.fn().mockRejectedValue(new Error('connection closed')));
    const record = await new RedisThrottlerStorage(redis, config).increment('key:k1', 60_000, 40);
    expect(record.isBlocked).toBe(false);
  });
});
