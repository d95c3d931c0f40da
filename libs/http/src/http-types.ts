import { Operation } from './operation';

/**
 * What the service reads of a request and writes to a reply (Fastify's, as Nest hands them to
 * guards, pipes, interceptors and filters), declared once. Structural: nothing here depends on
 * Fastify's own types.
 */
export interface HttpRequest {
  /** The request id (X-Request-Id when valid, else generated): the events' correlation id. */
  id?: string;
  method: string;
  url: string;
  /** The client address (the socket peer, or X-Forwarded-For from a trusted proxy). */
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string | undefined>;
  body?: unknown;
  /** The operation the idempotency interceptor named for a write (see Operation). */
  operation?: Operation;
}

export interface HttpReply {
  statusCode: number;
  status(code: number): HttpReply;
  header(name: string, value: string): HttpReply;
  getHeader(name: string): unknown;
  send(body: unknown): unknown;
}
