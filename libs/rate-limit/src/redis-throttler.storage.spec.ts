import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const config = { REDIS_PREFIX: 'test' } as AppConfig;

describe('RedisThrottlerStorage', () => {
  it('blocks past the limit until the window ends', async () => {
    const redis = { eval: jest.fn().mockResolvedValue([41, 12_500]) } as unknown as Redis;
    const record = await new RedisThrottlerStorage(redis, config).increment('key:k1', 60_000, 40);
    expect(record).toEqual({
      totalHits: 41,
      timeToExpire: 13,
      isBlocked: true,
      timeToBlockExpire: 13,
    });
    expect(redis.eval).toHaveBeenCalledWith(expect.any(String), 1, 'test:rate:key:k1', 60_000);
  });

  it('lets requests through when Redis does not answer', async () => {
    const redis = {
      eval: jest.fn().mockRejectedValue(new Error('connection closed')),
    } as unknown as Redis;
    const record = await new RedisThrottlerStorage(redis, config).increment('key:k1', 60_000, 40);
    expect(record.isBlocked).toBe(false);
  });
});
