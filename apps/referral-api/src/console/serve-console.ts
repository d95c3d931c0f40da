import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from '@app/http';

export const CONSOLE_PATH = '/console';

/**
 * Only this origin's own files run in the console, and it talks to this API alone: no inline
 * script or style, nothing from elsewhere, no framing. The API key sits in the tab's
 * sessionStorage, so any script that ran here could read it.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Where `npm run build` puts the console: dist/console under the project's root (the folder
 * with package.json), whether the API runs from dist/ or from its sources.
 */
export function defaultConsoleDirectory(from: string = __dirname): string {
  let directory = from;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return join(from, 'console');
    directory = parent;
  }
  return join(directory, 'dist', 'console');
}

/**
 * The web console at /console: its hashed assets with immutable caching, index.html for every
 * other path below it (the console routes in the URL's fragment). A console that was not built
 * answers 404 problem+json saying so, and the API works as ever.
 */
export async function mountConsole(
  app: NestFastifyApplication,
  directory: string = defaultConsoleDirectory(),
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const index = readIndex(join(directory, 'index.html'));

  await fastify.register(
    async (scope) => {
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.headers(SECURITY_HEADERS);
        return payload;
      });
      if (index === null) {
        const notBuilt = (_request: unknown, reply: FastifyReply) =>
          sendProblem(reply, 404, 'The console has not been built: `npm run build` builds it.');
        scope.get('/', notBuilt);
        scope.get('/*', notBuilt);
        return;
      }
      await scope.register(fastifyStatic, {
        root: join(directory, 'assets'),
        prefix: '/assets/',
        decorateReply: false,
        index: false,
        list: false,
        dotfiles: 'deny',
        // File names carry a hash of their content: a changed file is a new name.
        cacheControl: true,
        maxAge: '365d',
        immutable: true,
      });
      const sendIndex = (_request: unknown, reply: FastifyReply) =>
        reply
          .header('cache-control', 'no-cache')
          .header('content-type', 'text/html; charset=utf-8')
          .send(index);
      scope.get('/', sendIndex);
      scope.get('/*', sendIndex);
    },
    { prefix: CONSOLE_PATH },
  );
}

/** index.html as built, or null when there is none (not built, or being rebuilt right now). */
function readIndex(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function sendProblem(reply: FastifyReply, status: number, detail: string) {
  return reply
    .code(status)
    .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify(problem(status, detail)));
}
