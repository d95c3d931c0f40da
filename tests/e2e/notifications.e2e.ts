import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { collect, eventually } from '../support/async';
import { CAST, consentBody, OPEN_CASE_BODY, PERSONAL, referralBody } from '../support/fixtures';
import {
  AgencyKeys,
  registerAgency,
  startTestApp,
  startTestWorker,
  TestApp,
} from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Short enough for a test: three attempts, 50 ms apart at first, one second to answer. */
const FAST = {
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_ATTEMPTS: '3',
  WEBHOOK_BACKOFF_MS: '50',
  NOTIFICATION_SWEEP_INTERVAL_MS: '200',
};

describe('webhooks to agencies (API, worker, real receivers on 127.0.0.1)', () => {
  let test: TestApp;
  let worker: NestFastifyApplication;
  let receiver: WebhookReceiver;
  let fia: AgencyKeys;
  let shelter: AgencyKeys;
  let store: EventStore;
  const verifier = new Webhook(SECRET);

  const as = (key: string) => ({ authorization: `Bearer ${key}`, 'x-officer-id': 'officer-1' });

  async function registerWith(agency: (typeof CAST)[keyof typeof CAST], path: string) {
    return registerAgency(test, {
      ...agency,
      notification: { webhookUrl: receiver.url(path), secret: SECRET },
    });
  }

  async function openCaseAndRefer(
    to: AgencyKeys,
    overrides: Record<string, unknown> = {},
  ): Promise<{ caseId: string; referralId: string }> {
    const opened = await test.http
      .post('/v1/cases')
      .set(as(fia.officer))
      .send(OPEN_CASE_BODY)
      .expect(201);
    const caseId = opened.body.caseId as string;
    await test.http
      .post(`/v1/cases/${caseId}/consents`)
      .set(as(fia.officer))
      .send(consentBody(to.agencyId))
      .expect(201);
    const referred = await test.http
      .post(`/v1/cases/${caseId}/referrals`)
      .set(as(fia.officer))
      .send(referralBody(to.agencyId, overrides))
      .expect(201);
    return { caseId, referralId: referred.body.referralId as string };
  }

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    test = await startTestApp('notifications', FAST);
    worker = await startTestWorker(test);
    store = test.app.get<EventStore>(EVENT_STORE);
    fia = await registerWith(CAST.fiaLahore, '/fia');
    shelter = await registerWith(CAST.darUlAmanLahore, '/shelter');
  });

  afterAll(async () => {
    await worker?.close();
    await test?.close();
    await receiver?.close();
  });

  it('tells the shelter of a referral at once, signed, without personal data, and closes the loop', async () => {
    const { caseId, referralId } = await openCaseAndRefer(shelter, { urgency: 'emergency' });
    const requested = await eventually(
      () =>
        receiver
          .at('/shelter')
          .find((hook) => JSON.parse(hook.body).data.referralId === referralId),
      { what: 'referral.requested at the shelter' },
    );
    // Standard Webhooks: the receiver's own verifier accepts it.
    const body = verifier.verify(requested.body, requested.headers) as Record<string, unknown>;
    expect(body).toEqual({
      type: 'referral.requested',
      timestamp: expect.any(String),
      data: {
        caseId,
        referralId,
        fromAgencyId: fia.agencyId,
        toAgencyId: shelter.agencyId,
        services: ['shelter'],
        urgency: 'emergency',
        acknowledgeBy: expect.any(String),
        status: 'requested',
      },
    });
    expect(requested.body).not.toContain(PERSONAL.fullName);

    for (const answer of ['acknowledge', 'accept']) {
      await test.http
        .post(`/v1/cases/${caseId}/referrals/${referralId}/${answer}`)
        .set(as(shelter.officer))
        .send({})
        .expect(200);
    }
    await test.http
      .post(`/v1/cases/${caseId}/referrals/${referralId}/complete`)
      .set(as(shelter.officer))
      .send({ outcome: 'successful', servicesDelivered: ['shelter'] })
      .expect(200);
    const told = await eventually(
      () => {
        const types = receiver
          .bodies('/fia')
          .filter((b) => b.data.referralId === referralId)
          .map((b) => b.type);
        return types.length >= 3 ? types : null;
      },
      { what: 'the sender told of every answer' },
    );
    expect(told.sort()).toEqual([
      'referral.accepted',
      'referral.acknowledged',
      'referral.completed',
    ]);
    for (const hook of receiver.at('/fia')) {
      expect(() => verifier.verify(hook.body, hook.headers)).not.toThrow();
      expect(hook.body).not.toContain(PERSONAL.fullName);
    }

    // Each notification owed, then its outcome, go to a stream of their own: the case's version
    // does not move for them.
    const ledger = await eventually(async () => {
      const events = await collect(store.readStream(`notifications-${caseId}`));
      return events.filter((e) => e.type === 'notification.delivered.v1').length >= 4
        ? events
        : null;
    });
    expect(new Set(ledger.map((e) => e.type))).toEqual(
      new Set(['notification.requested.v1', 'notification.delivered.v1']),
    );
    const idOf = (e: { data: unknown }) => (e.data as { notificationId: string }).notificationId;
    for (const delivered of ledger.filter((e) => e.type === 'notification.delivered.v1')) {
      const owed = ledger.find(
        (e) => e.type === 'notification.requested.v1' && idOf(e) === idOf(delivered),
      );
      expect(owed?.version).toBeLessThan(delivered.version);
    }
    expect(JSON.stringify(ledger.map((e) => e.data))).not.toContain(PERSONAL.fullName);
    const current = await test.http.get(`/v1/cases/${caseId}`).set(as(fia.officer)).expect(200);
    expect(current.body.version).toBe(await store.streamVersion(`case-${caseId}`));
    expect((await store.verifyStream(`notifications-${caseId}`)).valid).toBe(true);
  });

  it('retries a receiver that fails, with the same webhook-id, until it answers 2xx', async () => {
    const ngo = await registerWith(CAST.ngoLegalHelp, '/flaky');
    receiver.on('/flaky', (attempt) => (attempt === 1 ? { status: 500 } : { status: 200 }));
    const { referralId } = await openCaseAndRefer(ngo);
    const hooks = await eventually(() =>
      receiver.at('/flaky').length >= 2 ? receiver.at('/flaky') : null,
    );
    expect(hooks[0].headers['webhook-id']).toBe(hooks[1].headers['webhook-id']);
    const listed = await eventually(async () => {
      const res = await test.http
        .get(`/v1/admin/notifications?agencyId=${ngo.agencyId}`)
        .set('authorization', `Bearer ${test.adminKey}`)
        .expect(200);
      const item = res.body.items.find((n: { referralId: string }) => n.referralId === referralId);
      return item?.status === 'delivered' ? item : null;
    });
    expect(listed).toMatchObject({
      notificationId: hooks[0].headers['webhook-id'],
      type: 'referral.requested',
      attempts: 2,
      lastStatusCode: 200,
    });
  });

  it('records a receiver that never answers 2xx as failed, tells the sender, and lets an admin retry', async () => {
    const down = await registerWith(CAST.darUlAmanMultan, '/down');
    receiver.on('/down', () => ({ status: 503 }));
    const { caseId, referralId } = await openCaseAndRefer(down);
    const failedEvent = await eventually(async () => {
      const events = await collect(store.readStream(`notifications-${caseId}`));
      return events.find((e) => e.type === 'notification.failed.v1');
    });
    expect(failedEvent.data).toMatchObject({ attempts: 3, lastStatusCode: 503, referralId });
    const alert = await eventually(() =>
      receiver
        .bodies('/fia', 'referral.notification-failed')
        .find((b) => b.data.referralId === referralId),
    );
    expect(alert.data).toMatchObject({
      caseId,
      toAgencyId: down.agencyId,
      fromAgencyId: fia.agencyId,
    });

    const list = await test.http
      .get(`/v1/admin/notifications?status=failed&caseId=${caseId}`)
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(200);
    expect(list.body.items).toHaveLength(1);
    const failed = list.body.items[0];
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 503 });
    // An agency's own admin sees its own notifications only.
    const own = await test.http
      .get(`/v1/admin/notifications?caseId=${caseId}`)
      .set('authorization', `Bearer ${down.admin}`)
      .expect(200);
    expect(own.body.items.map((n: { agencyId: string }) => n.agencyId)).toEqual([down.agencyId]);
    await test.http
      .post(`/v1/admin/notifications/${failed.notificationId}/retry`)
      .set('authorization', `Bearer ${fia.admin}`)
      .expect(404);

    receiver.on('/down', () => ({ status: 200 }));
    const before = receiver.at('/down').length;
    await test.http
      .post(`/v1/admin/notifications/${failed.notificationId}/retry`)
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(202, { notificationId: failed.notificationId, status: 'pending' });
    const retried = await eventually(() => receiver.at('/down')[before]);
    expect(retried.headers['webhook-id']).toBe(failed.notificationId);
    await eventually(async () => {
      const events = await collect(store.readStream(`notifications-${caseId}`));
      return events.some((e) => e.type === 'notification.delivered.v1');
    });
    const again = await test.http
      .post(`/v1/admin/notifications/${failed.notificationId}/retry`)
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(409);
    expect(again.body.code).toBe('notification-not-failed');
    await test.http
      .post('/v1/admin/notifications/0193a0e0-0000-7000-8000-000000000999/retry')
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(404);
  });

  it('times out a receiver that hangs and tries again; never follows a redirect', async () => {
    const slow = await registerWith(CAST.ngoQuetta, '/slow');
    receiver.on('/slow', (attempt) => (attempt === 1 ? { hang: true } : { status: 204 }));
    const first = await openCaseAndRefer(slow);
    await eventually(async () => {
      const res = await test.http
        .get(`/v1/admin/notifications?caseId=${first.caseId}`)
        .set('authorization', `Bearer ${test.adminKey}`);
      return res.body.items[0]?.status === 'delivered';
    });
    expect(receiver.at('/slow')).toHaveLength(2);

    const moved = await registerWith(CAST.swdPunjab, '/moved');
    receiver.on('/moved', () => ({ redirectTo: receiver.url('/elsewhere') }));
    const second = await openCaseAndRefer(moved);
    const failed = await eventually(async () => {
      const res = await test.http
        .get(`/v1/admin/notifications?caseId=${second.caseId}`)
        .set('authorization', `Bearer ${test.adminKey}`);
      return res.body.items.find((n: { status: string }) => n.status === 'failed');
    });
    expect(failed).toMatchObject({ lastStatusCode: 302, attempts: 3 });
    expect(failed.lastError).toMatch(/redirect/);
    expect(receiver.at('/elsewhere')).toHaveLength(0);
  });

  it('reminds of no referral the log has as acknowledged, however far behind the inbox is', async () => {
    const stale = await openCaseAndRefer(shelter, { acknowledgeWithinHours: 0.002 });
    const control = await openCaseAndRefer(shelter, { acknowledgeWithinHours: 0.002 });
    await test.http
      .post(`/v1/cases/${stale.caseId}/referrals/${stale.referralId}/acknowledge`)
      .set(as(shelter.officer))
      .send({})
      .expect(200);
    await test.projected();
    // The inbox held behind the log, as a rebuild holds it: its row as before the answer.
    const db = new Client({ connectionString: test.database.url });
    await db.connect();
    try {
      await db.query(
        `UPDATE referral_inbox SET status = 'requested', acknowledged_at = NULL
          WHERE referral_id = $1`,
        [stale.referralId],
      );
    } finally {
      await db.end();
    }
    // The control's reminder (due at the same time) comes: the sweeps went past the stale one.
    await eventually(
      () =>
        receiver
          .bodies('/shelter', 'referral.reminder')
          .find((b) => b.data.referralId === control.referralId),
      { timeoutMs: 15_000, what: 'the control referral reminded' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      receiver
        .bodies('/shelter', 'referral.reminder')
        .some((b) => b.data.referralId === stale.referralId),
    ).toBe(false);
    // Nor marked overdue: the command refuses an acknowledged referral.
    const history = await collect(store.readStream(`case-${stale.caseId}`));
    expect(history.some((e) => e.type === 'referral.overdue.v1')).toBe(false);
  });

  it('refuses a changed body or timestamp under the signature', async () => {
    const hook = receiver.at('/shelter')[0];
    expect(() =>
      verifier.verify(hook.body.replace('"shelter"', '"medical"'), hook.headers),
    ).toThrow();
    expect(() =>
      verifier.verify(hook.body, {
        ...hook.headers,
        'webhook-timestamp': String(Number(hook.headers['webhook-timestamp']) - 1),
      }),
    ).toThrow();
  });

  it('reminds the receiver at three quarters of the window and escalates to the sender once', async () => {
    const second = await startTestWorker(test);
    try {
      const late = await openCaseAndRefer(shelter, { acknowledgeWithinHours: 0.001 });
      const prompt = await openCaseAndRefer(shelter, { acknowledgeWithinHours: 0.001 });
      await test.http
        .post(`/v1/cases/${prompt.caseId}/referrals/${prompt.referralId}/acknowledge`)
        .set(as(shelter.officer))
        .send({})
        .expect(200);
      const overdue = await eventually(
        () =>
          receiver
            .bodies('/fia', 'referral.overdue')
            .find((b) => b.data.referralId === late.referralId),
        { timeoutMs: 15_000, what: 'referral.overdue at the sender' },
      );
      expect(overdue.data).toMatchObject({ caseId: late.caseId, toAgencyId: shelter.agencyId });
      const reminders = receiver
        .bodies('/shelter', 'referral.reminder')
        .filter((b) => b.data.referralId === late.referralId);
      expect(reminders).toHaveLength(1);
      // Let both workers sweep a few more times: still one overdue event, one escalation.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const history = await collect(store.readStream(`case-${late.caseId}`));
      expect(history.filter((e) => e.type === 'referral.overdue.v1')).toHaveLength(1);
      expect(
        receiver
          .bodies('/fia', 'referral.overdue')
          .filter((b) => b.data.referralId === late.referralId),
      ).toHaveLength(1);
      const promptHistory = await collect(store.readStream(`case-${prompt.caseId}`));
      expect(promptHistory.some((e) => e.type === 'referral.overdue.v1')).toBe(false);
      expect(
        receiver
          .bodies('/fia', 'referral.overdue')
          .some((b) => b.data.referralId === prompt.referralId),
      ).toBe(false);
    } finally {
      await second.close();
    }
  });

  it("validates the operators' list", async () => {
    const bad = await test.http
      .get('/v1/admin/notifications?status=lost&limit=0')
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    await test.http
      .get('/v1/admin/notifications')
      .set('authorization', `Bearer ${fia.officer}`)
      .expect(403);
    await test.http
      .get('/v1/admin/notifications?cursor=abc')
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(400);
  });
});
