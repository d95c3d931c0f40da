import { LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { Webhook } from 'standardwebhooks';
import {
  isPublicAddress,
  parseWebhookTarget,
  ResolveHost,
  resolveWithDns,
  WebhookTargetPolicy,
  WebhookTargetRefusal,
} from '@app/access';

/** One webhook: where, signed with what, and the body exactly as it is sent. */
export interface WebhookRequest {
  url: string;
  secret: string;
  /** `webhook-id`: the notification's id, the same on every attempt. */
  id: string;
  body: string;
}

export interface SendResult {
  delivered: boolean;
  statusCode: number | null;
  /** Why it was not delivered, in a few words; never the receiver's body or an address. */
  error: string | null;
  durationMs: number;
}

/** Receivers' bodies are not read beyond this: a webhook's answer is its status code. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Secrets given as `whsec_<base64>` are Standard Webhooks keys; any other is the key's bytes. */
export function signerFor(secret: string): Webhook {
  return secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * POSTs signed webhooks. Each attempt signs anew (a fresh `webhook-timestamp`) under the same
 * `webhook-id`; redirects are not followed (a 3xx is not a delivery); the whole exchange has one
 * deadline. Unless private targets are allowed, the address a connection goes to is checked
 * when it is resolved, so a name that resolved to a public address at registration and resolves
 * to a private one now (DNS rebinding) is refused.
 */
export class WebhookSender {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(
    private readonly policy: WebhookTargetPolicy,
    private readonly timeoutMs: number,
    private readonly resolve: ResolveHost = resolveWithDns,
    maxSockets = 256,
  ) {
    const lookup = this.guardedLookup.bind(this);
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets, lookup }),
      https: new https.Agent({ keepAlive: true, maxSockets, lookup }),
    };
  }

  async send(request: WebhookRequest, now = new Date()): Promise<SendResult> {
    const started = performance.now();
    const result = (partial: Omit<SendResult, 'durationMs'>): SendResult => ({
      ...partial,
      durationMs: Math.round(performance.now() - started),
    });
    let url: URL;
    try {
      url = parseWebhookTarget(request.url, this.policy).url;
    } catch (error) {
      return result({ delivered: false, statusCode: null, error: refusal(error) });
    }
    let signature: string;
    try {
      signature = signerFor(request.secret).sign(request.id, now, request.body);
    } catch {
      return result({
        delivered: false,
        statusCode: null,
        error: 'the webhook secret cannot sign',
      });
    }
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(request.body).toString(),
      'user-agent': 'safe-referral-webhooks/1',
      'webhook-id': request.id,
      'webhook-timestamp': Math.floor(now.getTime() / 1000).toString(),
      'webhook-signature': signature,
    };
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<SendResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result(outcome));
      };
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, {
        method: 'POST',
        headers,
        agent: url.protocol === 'https:' ? this.agents.https : this.agents.http,
      });
      const timer = setTimeout(() => {
        finish({
          delivered: false,
          statusCode: null,
          error: `no answer within ${this.timeoutMs} ms`,
        });
        req.destroy();
      }, this.timeoutMs);
      req.on('response', (res) => {
        const statusCode = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () =>
          finish(
            statusCode >= 200 && statusCode < 300
              ? { delivered: true, statusCode, error: null }
              : {
                  delivered: false,
                  statusCode,
                  error:
                    statusCode >= 300 && statusCode < 400
                      ? `redirect (${statusCode}) not followed`
                      : `answered ${statusCode}`,
                },
          );
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        finish({ delivered: false, statusCode: null, error: connectionError(error) });
      });
      req.end(request.body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private guardedLookup(
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: LookupCallback,
  ): void {
    const family =
      options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family) || 0;
    this.resolve(hostname).then(
      (addresses) => {
        const usable = addresses.filter(
          (entry) =>
            (this.policy.allowPrivate || isPublicAddress(entry.address)) &&
            (!family || entry.family === family),
        );
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new WebhookTargetRefusal(
            addresses.length === 0
              ? 'the webhook host does not resolve'
              : 'the webhook host resolves to a non-public address',
          );
          error.code = 'ETARGETREFUSED';
          callback(error, options.all ? [] : '', undefined);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : '', undefined),
    );
  }
}

function refusal(error: unknown): string {
  return error instanceof WebhookTargetRefusal ? error.message : 'the webhook URL is refused';
}

function connectionError(error: NodeJS.ErrnoException): string {
  if (error instanceof WebhookTargetRefusal || error.code === 'ETARGETREFUSED') {
    return error.message;
  }
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the webhook host does not resolve';
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      return error.code ? `connection failed (${error.code})` : 'connection failed';
  }
}
