import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ReadModelRunner } from '@app/projections';
import { StatisticsRunner } from '@app/statistics';
import { createApp } from '../../apps/referral-api/src/create-app';
import { createTempDir } from '../support/temp-dir';
import { CAST, consentBody, OPEN_CASE_BODY, referralBody } from '../support/fixtures';
import { eventually } from '../support/async';
import { removeRedisKeys } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The zero-configuration default of the quick start: no EVENT_STORE, no DATABASE_URL, no
 * MASTER_KEY. Events, read models and keys in embedded PostgreSQL in DATA_DIR.
 */
describe('embedded default', () => {
  let dir: { path: string; remove(): Promise<void> };
  let app: NestFastifyApplication | undefined;
  const adminKey = `embedded-admin-${randomBytes(12).toString('hex')}`;
  const prefix = `sr-test-embedded-${randomBytes(4).toString('hex')}`;

  const start = async (env: Record<string, string> = {}) => {
    app = await createApp({
      DATA_DIR: join(dir.path, 'data'),
      BOOTSTRAP_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'silent',
      ...env,
      REDIS_PREFIX: prefix,
      SUBSCRIPTION_POLL_INTERVAL_MS: '50',
    });
    await app.listen(0, '127.0.0.1');
    return request(app.getHttpServer());
  };

  beforeAll(async () => {
    dir = await createTempDir('embedded-default');
  });

  afterAll(async () => {
    await app?.close();
    await dir.remove();
    await removeRedisKeys('redis://127.0.0.1:6379', prefix);
  });

  it('serves the API and keeps its data across a restart', async () => {
    let http = await start();
    await http.get('/health/ready').expect(200);
    await http
      .put('/v1/admin/agencies/fia-lahore')
      .set('authorization', `Bearer ${adminKey}`)
      .send({ name: 'FIA Lahore', type: 'fia', province: 'punjab', services: [] })
      .expect(201);
    const { apiKey } = (
      await http
        .post('/v1/admin/api-keys')
        .set('authorization', `Bearer ${adminKey}`)
        .send({ agencyId: 'fia-lahore', role: 'officer', label: 'embedded' })
        .expect(201)
    ).body as { apiKey: string };
    const opened = await http
      .post('/v1/cases')
      .set('authorization', `Bearer ${apiKey}`)
      .set('x-officer-id', 'officer-7')
      .send(OPEN_CASE_BODY)
      .expect(201);
    const caseId = opened.body.caseId as string;
    await app!.get(ReadModelRunner).caughtUp(15_000);
    const listed = await http.get('/v1/cases').set('authorization', `Bearer ${apiKey}`).expect(200);
    expect(listed.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);

    await app!.close();
    app = undefined;
    http = await start();
    const got = await http
      .get(`/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${apiKey}`)
      .expect(200);
    expect(got.body.victim.personal.fullName).toBe(OPEN_CASE_BODY.victim.personal.fullName);
    expect(got.headers.etag).toBe('"1"');
  });

  it('is its own notification worker: a referral reaches the shelter by webhook, and is counted', async () => {
    await app?.close();
    const receiver = await WebhookReceiver.start();
    try {
      const http = await start({
        ALLOW_HTTP_WEBHOOKS: 'true',
        ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
      });
      const admin = { authorization: `Bearer ${adminKey}` };
      await http
        .put('/v1/admin/agencies/fia-lahore')
        .set(admin)
        .send({ name: 'FIA Lahore', type: 'fia', province: 'punjab', services: [] })
        .expect((res) => expect([200, 201]).toContain(res.status));
      await http
        .put(`/v1/admin/agencies/${CAST.darUlAmanLahore.agencyId}`)
        .set(admin)
        .send({
          type: CAST.darUlAmanLahore.type,
          province: CAST.darUlAmanLahore.province,
          services: CAST.darUlAmanLahore.services,
          name: 'Dar-ul-Aman Lahore',
          notification: {
            webhookUrl: receiver.url('/shelter'),
            secret: 'a-secret-of-twenty-four-chars',
          },
        })
        .expect(201);
      const { apiKey } = (
        await http
          .post('/v1/admin/api-keys')
          .set(admin)
          .send({ agencyId: 'fia-lahore', role: 'officer', label: 'embedded webhooks' })
          .expect(201)
      ).body as { apiKey: string };
      const as = { authorization: `Bearer ${apiKey}`, 'x-officer-id': 'officer-7' };
      const { caseId } = (await http.post('/v1/cases').set(as).send(OPEN_CASE_BODY).expect(201))
        .body;
      await http
        .post(`/v1/cases/${caseId}/consents`)
        .set(as)
        .send(consentBody(CAST.darUlAmanLahore.agencyId))
        .expect(201);
      const { referralId } = (
        await http
          .post(`/v1/cases/${caseId}/referrals`)
          .set(as)
          .send(referralBody(CAST.darUlAmanLahore.agencyId))
          .expect(201)
      ).body;
      const hook = await eventually(() =>
        receiver
          .bodies('/shelter', 'referral.requested')
          .find((b) => b.data.referralId === referralId),
      );
      expect(hook.data).toMatchObject({ caseId, fromAgencyId: 'fia-lahore' });

      // The shelter acknowledges; the statistics (their quantiles sorted by the embedded
      // engine's intarray) count it, with its hours, for an auditor.
      const keyOf = async (agencyId: string, role: string) =>
        (
          await http
            .post('/v1/admin/api-keys')
            .set(admin)
            .send({ agencyId, role, label: `embedded ${role}` })
            .expect(201)
        ).body.apiKey as string;
      const shelterKey = await keyOf(CAST.darUlAmanLahore.agencyId, 'officer');
      await http
        .post(`/v1/cases/${caseId}/referrals/${referralId}/acknowledge`)
        .set({ authorization: `Bearer ${shelterKey}`, 'x-officer-id': 'officer-9' })
        .send({})
        .expect(200);
      await app!.get(StatisticsRunner).caughtUp(15_000);
      const auditorKey = await keyOf('fia-lahore', 'auditor');
      const statistics = await http
        .get('/v1/statistics/referrals?groupBy=urgency')
        .set({ authorization: `Bearer ${auditorKey}`, 'x-officer-id': 'auditor-1' })
        .expect(200);
      const [row] = statistics.body.items;
      expect(row).toMatchObject({ issued: 1, acknowledged: 1 });
      expect(row.hoursToAcknowledge.median).toBe(row.hoursToAcknowledge.p90);
      expect(row.hoursToAcknowledge.median).toBeGreaterThanOrEqual(0);
      expect(row.hoursToDecision).toEqual({ median: null, p90: null });
    } finally {
      await receiver.close();
    }
  });
});
