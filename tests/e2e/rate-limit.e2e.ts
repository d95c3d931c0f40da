import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST } from '../support/fixtures';

describe('rate limiting', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp('rate_limit', {
      RATE_LIMIT_PER_MINUTE: '40',
      AUTH_FAILURES_PER_MINUTE: '10',
    });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('answers 429 problem+json with Retry-After once a key passes its limit, per key', async () => {
    const fia = await registerAgency(test, CAST.fiaQuetta);
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

  it('gives a key one budget across every route', async () => {
    const ngo = await registerAgency(test, CAST.ngoQuetta);
    const statuses: number[] = [];
    for (let i = 0; i < 44; i++) {
      const path = i % 2 ? '/v1/agencies' : '/v1/referrals/inbox';
      statuses.push(
        (await test.http.get(path).set('authorization', `Bearer ${ngo.officer}`)).status,
      );
    }
    expect(statuses.slice(0, 40)).toEqual(Array(40).fill(200));
    expect(statuses.slice(40)).toEqual([429, 429, 429, 429]);
  });

  it('answers 429 to an address that keeps sending unknown keys, and still serves good keys', async () => {
    const police = await registerAgency(test, CAST.policeQuetta);
    const statuses: number[] = [];
    let limited: { headers: Record<string, string>; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 13; i++) {
      // A forged X-Forwarded-For changes nothing: no proxy is trusted unless TRUST_PROXY says so.
      const res = await test.http
        .get('/v1/agencies')
        .set('x-forwarded-for', `203.0.113.${i}`)
        .set('authorization', `Bearer guessed-key-${i}-${'x'.repeat(20)}`);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res as never;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429]);
    expect(limited!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(limited!.body)).not.toContain('guessed-key');
    await test.http
      .get('/v1/agencies')
      .set('authorization', `Bearer ${police.officer}`)
      .expect(200);
  });
});
