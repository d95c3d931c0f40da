/**
 * Counts requests that fail authentication per client address, so a client sending bad keys
 * is answered 429 after a while. A port: the rate-limit module provides it on the shared Redis;
 * without a provider nothing is counted.
 */
export interface AuthFailureLimiter {
  /** Records one failure of `address`; `retryAfterSeconds` when it is over its limit. */
  failed(
    address: string,
  ): Promise<{ limited: false } | { limited: true; retryAfterSeconds: number }>;
}

export const AUTH_FAILURE_LIMITER = Symbol('AUTH_FAILURE_LIMITER');
