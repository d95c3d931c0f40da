import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that loses answers on purpose: once armed with a marker, the
 * next statement whose messages contain it is let through to the server, which runs and commits
 * it, and then its connection is cut before the answer (ReadyForQuery, sent after the commit)
 * reaches the client; from then on, until `restore`, every connection is refused. What a client
 * sees is exactly "the database went away after committing, before answering".
 */
export interface PgProxy {
  url: string;
  /** Cut after the commit of the next statement mentioning `marker`; resolves once it has. */
  loseAnswerOf(marker: string): Promise<void>;
  restore(): void;
  close(): Promise<void>;
}

export async function startPgProxy(targetUrl: string): Promise<PgProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let armed: { marker: string; done: () => void } | null = null;
  let refusing = false;

  const server: Server = createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let doomed = false;
    let pending = Buffer.alloc(0);
    client.on('data', (chunk) => {
      if (armed && !doomed && chunk.includes(armed.marker)) doomed = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      // ReadyForQuery ('Z'): the statement and its commit are done. Messages are read whole,
      // a chunk may end inside one.
      pending = Buffer.concat([pending, chunk]);
      let ready = false;
      while (pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
        ready ||= pending[0] === 0x5a;
        pending = pending.subarray(1 + pending.readInt32BE(1));
      }
      if (doomed && ready) {
        const { done } = armed!;
        armed = null;
        refusing = true;
        for (const socket of sockets) socket.destroy();
        done();
        return;
      }
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    loseAnswerOf: (marker) => new Promise<void>((done) => (armed = { marker, done })),
    restore: () => {
      refusing = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
