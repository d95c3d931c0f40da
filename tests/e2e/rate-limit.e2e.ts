import { registerAgency, startTestApp, TestApp } from '../support/test-app';

describe('rate limiting', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp('rate_limit', { RATE_LIMIT_PER_MINUTE: '40' });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('answers 429 problem+json with Retry-After once a key passes its limit, per key', async () => {
    const fia = await registerAgency(test, 'fia-quetta', { type: 'fia', province: 'balochistan' });
    const statuses: number[] = [];
    let limited:
      | { status: number; headers: Record<string, string>; body: Record<string, unknown> }
      | undefined;
    for (let i = 0; i < 45; i++) {
      const res = await test.http.get('/v1/agencies').set('authorization', `Bearer ${fia.officer}`);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res as never;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.slice(40)).toEqual([429, 429, 429, 429, 429]);
    expect(limited!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited!.body).toMatchObject({ status: 429, title: expect.any(String) });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    // Another key of the same agency has a budget of its own; health probes are never limited.
    await test.http
      .get('/v1/agencies')
      .set('authorization', `Bearer ${fia.supervisor}`)
      .expect(200);
    for (let i = 0; i < 45; i++) await test.http.get('/health/live').expect(200);
  });
});
