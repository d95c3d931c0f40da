import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseJsonBody } from './json-body';
import { PROBLEM_CONTENT_TYPE, problem, ProblemDocument } from './problem';

interface FrameworkReply {
  code(status: number): FrameworkReply;
  header(name: string, value: string): FrameworkReply;
  send(body: string): unknown;
}

/**
 * Errors Fastify answers itself, before any route or Nest filter runs: a path that is not valid
 * percent-encoding, a path parameter over the router's length limit.
 */
export function frameworkProblem(error: { code?: string }): ProblemDocument {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return problem(400, 'The request path is not valid percent-encoding.', {
        errors: [{ field: 'path', message: 'is not valid percent-encoding' }],
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(414, 'A path parameter is longer than any id this service uses.', {
        errors: [{ field: 'path', message: 'has a parameter that is too long' }],
      });
    default:
      return problem(500, 'An unexpected error occurred.');
  }
}

/**
 * Errors Node's HTTP parser finds before there is a request at all: a header section over the
 * limit (431), a request that took too long to arrive (408), anything else malformed (400, such
 * as control bytes in a header or an unknown method).
 */
export function clientErrorProblem(error: { code?: string }): ProblemDocument {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return problem(431, 'The request headers are over the size limit.');
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return problem(408, 'The request did not arrive in time.');
  }
  return problem(400, 'The request is not valid HTTP.');
}

function sendFrameworkError(error: { code?: string }, _request: unknown, reply: FrameworkReply) {
  const body = frameworkProblem(error);
  reply
    .code(body.status)
    .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify(body));
}

function answerClientError(error: { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Only before any of a response went out: a half-written answer cannot be followed by another.
  if (socket.writable && socket.bytesWritten === 0) {
    const answer = clientErrorProblem(error);
    const body = JSON.stringify(answer);
    const status = answer.status;
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** The Fastify adapter both apps use: every answer Fastify gives on its own is problem+json. */
export function createHttpAdapter(options: {
  bodyLimit: number;
  trustProxy?: false | string;
}): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy ?? false,
    frameworkErrors: sendFrameworkError as never,
    clientErrorHandler: answerClientError,
    // Fastify's own 503 while closing is not problem+json: refuseWhileClosing answers instead.
    return503OnClosing: false,
    // Node would answer a request without a Host header itself, with no body at all.
    http: { requireHostHeader: false },
  });
}

/**
 * What both apps' HTTP servers do beyond Fastify's defaults, on an app created with
 * `createHttpAdapter` and `bodyParser: false`:
 * - bodies are JSON only: every other content type (forms, text) is 415, instead of Fastify's and
 *   Nest's defaults, which would parse forms and plain text into something a DTO then validates;
 * - while the server closes, a request that still arrives on an open connection is answered
 *   503 problem+json with Retry-After (the load balancer sends it elsewhere).
 */
export function configureHttpServer(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    const body = problem(503, 'The service is shutting down; retry the request.');
    void reply
      .code(503)
      .header('connection', 'close')
      .header('retry-after', '1')
      .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .send(JSON.stringify(body));
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit },
    (request, body, done) => {
      try {
        done(null, parseJsonBody(body as Buffer, request.headers['content-type']));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
