import { LookupAddress } from 'node:dns';
import { Webhook } from 'standardwebhooks';
import { checkWebhookTarget } from '@app/access';
import { WebhookSender } from '@app/notifications';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The deliverer against a real receiver on 127.0.0.1: where it may connect is decided on the
 * address it resolves at connection time, not on what the name resolved to at registration.
 */
describe('WebhookSender', () => {
  let receiver: WebhookReceiver;
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = JSON.stringify({ type: 'referral.requested', timestamp: 'now', data: {} });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await receiver.close();
  });

  /** A name that resolves as told, one answer per lookup: a rebinding resolver. */
  function resolver(...answers: string[]) {
    let asked = 0;
    return async (): Promise<LookupAddress[]> => [
      { address: answers[Math.min(asked++, answers.length - 1)], family: 4 },
    ];
  }

  it('signs per Standard Webhooks, with the webhook-id given', async () => {
    const sender = new WebhookSender({ allowHttp: true, allowPrivate: true }, 1_000);
    try {
      const result = await sender.send({ url: receiver.url('/signed'), secret, id: 'n-1', body });
      expect(result).toMatchObject({ delivered: true, statusCode: 200, error: null });
      const [hook] = receiver.at('/signed');
      expect(hook.headers['webhook-id']).toBe('n-1');
      expect(new Webhook(secret).verify(hook.body, hook.headers)).toEqual(JSON.parse(body));
      // A raw (non-whsec) secret signs with its bytes.
      await sender.send({ url: receiver.url('/raw'), secret: 'x'.repeat(32), id: 'n-2', body });
      const [raw] = receiver.at('/raw');
      expect(() =>
        new Webhook('x'.repeat(32), { format: 'raw' }).verify(raw.body, raw.headers),
      ).not.toThrow();
    } finally {
      sender.close();
    }
  });

  it('refuses a name that resolved to a public address at registration and to loopback now', async () => {
    const resolve = resolver('203.0.114.9', '127.0.0.1');
    const url = `http://hooks.rebind.test:${receiver.port}/rebound`;
    // At registration the name looked public.
    await expect(
      checkWebhookTarget(url, { allowHttp: true, allowPrivate: false }, resolve),
    ).resolves.toBeInstanceOf(URL);
    const sender = new WebhookSender({ allowHttp: true, allowPrivate: false }, 1_000, resolve);
    try {
      const result = await sender.send({ url, secret, id: 'n-3', body });
      expect(result.delivered).toBe(false);
      expect(result.error).toMatch(/non-public/);
      expect(receiver.at('/rebound')).toHaveLength(0);
    } finally {
      sender.close();
    }
  });

  it('refuses literal private addresses and plain http unless allowed', async () => {
    const strict = new WebhookSender({ allowHttp: true, allowPrivate: false }, 1_000);
    const httpsOnly = new WebhookSender({ allowHttp: false, allowPrivate: true }, 1_000);
    try {
      const literal = await strict.send({ url: receiver.url('/literal'), secret, id: 'n-4', body });
      expect(literal).toMatchObject({ delivered: false, statusCode: null });
      const plain = await httpsOnly.send({ url: receiver.url('/plain'), secret, id: 'n-5', body });
      expect(plain.error).toMatch(/https/);
      expect(receiver.at('/literal')).toHaveLength(0);
      expect(receiver.at('/plain')).toHaveLength(0);
    } finally {
      strict.close();
      httpsOnly.close();
    }
  });

  it('reports a refused connection, a redirect and a timeout as not delivered', async () => {
    const sender = new WebhookSender({ allowHttp: true, allowPrivate: true }, 300);
    receiver.on('/redirect', () => ({ redirectTo: receiver.url('/target') }));
    receiver.on('/hang', () => ({ hang: true }));
    try {
      const refused = await sender.send({ url: 'http://127.0.0.1:1/x', secret, id: 'n-6', body });
      expect(refused).toMatchObject({ delivered: false, error: 'connection refused' });
      const moved = await sender.send({ url: receiver.url('/redirect'), secret, id: 'n-7', body });
      expect(moved).toMatchObject({ delivered: false, statusCode: 302 });
      expect(receiver.at('/target')).toHaveLength(0);
      const hung = await sender.send({ url: receiver.url('/hang'), secret, id: 'n-8', body });
      expect(hung).toMatchObject({
        delivered: false,
        statusCode: null,
        error: 'no answer within 300 ms',
      });
    } finally {
      sender.close();
    }
  });
});
