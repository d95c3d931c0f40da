import { Client } from 'pg';
import { createApp } from '../../apps/referral-api/src/create-app';
import { startTestApp, TestApp } from '../support/test-app';

const SECRET = 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw==';

describe('agency registry', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp('agencies');
  });

  afterAll(async () => {
    await test?.close();
  });

  const admin = () => `Bearer ${test.adminKey}`;

  it('registers (201), updates (200) and lists agencies without their webhook secrets', async () => {
    const body = {
      name: 'Dar-ul-Aman Lahore',
      type: 'shelter',
      province: 'punjab',
      services: ['shelter', 'medical'],
      notification: { webhookUrl: 'http://127.0.0.1:9/hooks', secret: SECRET },
    };
    await test.http
      .put('/v1/admin/agencies/dar-ul-aman-lahore')
      .set('authorization', admin())
      .send(body)
      .expect(201);
    await test.http
      .put('/v1/admin/agencies/dar-ul-aman-lahore')
      .set('authorization', admin())
      .send({ ...body, name: 'Dar-ul-Aman, Lahore' })
      .expect(200);
    const listed = await test.http.get('/v1/agencies').set('authorization', admin()).expect(200);
    expect(listed.body.items).toEqual([
      {
        agencyId: 'dar-ul-aman-lahore',
        name: 'Dar-ul-Aman, Lahore',
        type: 'shelter',
        province: 'punjab',
        services: ['shelter', 'medical'],
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
  });

  it('stores webhook secrets encrypted, never as given', async () => {
    const db = new Client({ connectionString: test.database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT t::text AS row FROM agencies t');
      expect(rows.length).toBeGreaterThan(0);
      for (const { row } of rows) expect(row).not.toContain(SECRET.slice(6, 30));
      const { rows: sealed } = await db.query(
        'SELECT webhook_secret FROM agencies WHERE webhook_secret IS NOT NULL',
      );
      expect(sealed[0].webhook_secret).toMatchObject({ alg: 'AES-256-GCM' });
    } finally {
      await db.end();
    }
  });

  it('never stores an issued API key, not even to replay an Idempotency-Key', async () => {
    await test.http
      .put('/v1/admin/agencies/fia-multan')
      .set('authorization', admin())
      .send({ name: 'FIA Multan', type: 'fia', province: 'punjab', services: [] })
      .expect(201);
    const issue = () =>
      test.http
        .post('/v1/admin/api-keys')
        .set('authorization', admin())
        .set('idempotency-key', 'issue-fia-multan-officer')
        .send({ agencyId: 'fia-multan', role: 'officer', label: 'case system' });
    const first = await issue().expect(201);
    expect(first.body.apiKey).toEqual(expect.any(String));

    const db = new Client({ connectionString: test.database.url });
    await db.connect();
    try {
      for (const table of ['idempotency_records', 'api_keys']) {
        const { rows } = await db.query(`SELECT t::text AS row FROM ${table} t`);
        expect(rows.length).toBeGreaterThan(0);
        for (const { row } of rows) expect(row).not.toContain(first.body.apiKey);
      }
    } finally {
      await db.end();
    }

    const replay = await issue().expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual({ keyId: first.body.keyId });
    await test.http
      .get('/v1/agencies')
      .set('authorization', `Bearer ${first.body.apiKey}`)
      .expect(200);
  });

  it('a retry of an issue whose answer was lost makes the same key, with a new secret', async () => {
    await test.http
      .put('/v1/admin/agencies/fia-sukkur')
      .set('authorization', admin())
      .send({ name: 'FIA Sukkur', type: 'fia', province: 'sindh', services: [] })
      .expect(201);
    const issue = () =>
      test.http
        .post('/v1/admin/api-keys')
        .set('authorization', admin())
        .set('idempotency-key', 'issue-fia-sukkur-officer')
        .send({ agencyId: 'fia-sukkur', role: 'officer', label: 'case system' });
    const lost = await issue().expect(201);
    const db = new Client({ connectionString: test.database.url });
    await db.connect();
    try {
      // As if the process died before recording the answer: in progress, its owner silent.
      await db.query(
        `UPDATE idempotency_records SET state = 'in-progress', response_status = NULL,
                response_body = NULL, heartbeat_at = now() - interval '1 minute'
          WHERE idempotency_key = 'issue-fia-sukkur-officer'`,
      );
      const retry = await issue().expect(201);
      expect(retry.body.keyId).toBe(lost.body.keyId);
      expect(retry.body.apiKey).not.toBe(lost.body.apiKey);
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM api_keys WHERE agency_id = 'fia-sukkur'",
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('refuses agency ids that are not kebab-case slugs', async () => {
    const res = await test.http
      .put('/v1/admin/agencies/Not_A_Slug')
      .set('authorization', admin())
      .send({ name: 'x', type: 'ngo', province: 'sindh', services: [] })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'agencyId', message: expect.any(String) }]);
  });
});

describe('configuration at boot', () => {
  it('fails with a message naming each bad variable', async () => {
    await expect(
      createApp({ EVENT_STORE: 'postgres', PORT: 'not-a-port', LOG_LEVEL: 'silent' }),
    ).rejects.toThrow(/DATABASE_URL[\s\S]*PORT|PORT[\s\S]*DATABASE_URL/);
  });
});
