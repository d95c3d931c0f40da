import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** What the receiver does with a request: answer a status, redirect, or never answer. */
export type Behaviour =
  { status: number; delayMs?: number } | { redirectTo: string } | { hang: true };

/**
 * A real HTTP receiver of webhooks on 127.0.0.1, as an agency's server would be: it records
 * every request and answers as told, per path (200 unless told otherwise).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly behaviours = new Map<string, (attempt: number) => Behaviour>();
  private readonly attempts = new Map<string, number>();
  private readonly hanging = new Set<ServerResponse>();
  private server!: Server;
  port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((req, res) => receiver.handle(req, res));
    receiver.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** How `path` answers its n-th request (1-based). */
  on(path: string, behaviour: (attempt: number) => Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((hook) => hook.path === path);
  }

  /** Parsed bodies of what `path` received, optionally of one type. */
  bodies(
    path: string,
    type?: string,
  ): { type: string; timestamp: string; data: Record<string, unknown> }[] {
    return this.at(path)
      .map((hook) => JSON.parse(hook.body))
      .filter((body) => type === undefined || body.type === type);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const attempt = (this.attempts.get(path) ?? 0) + 1;
      this.attempts.set(path, attempt);
      this.received.push({
        path,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      });
      const behaviour = this.behaviours.get(path)?.(attempt) ?? { status: 200 };
      if ('hang' in behaviour) {
        this.hanging.add(res);
        return;
      }
      if ('redirectTo' in behaviour) {
        res.writeHead(302, { location: behaviour.redirectTo }).end();
        return;
      }
      const answer = () =>
        res.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end('ok');
      if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  }
}
