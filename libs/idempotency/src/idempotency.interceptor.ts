import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import canonicalize from 'canonicalize';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AuthenticatedRequest } from '@app/access';
import {
  isTransient,
  newOperation,
  ProblemDetailsFilter,
  HttpReply,
  InvalidRequestError,
  ProblemException,
  SHOWN_ONCE_KEY,
  textProblem,
} from '@app/http';
import { IdempotencyKeyReusedError, RequestInProgressError } from './idempotency.errors';
import { HEARTBEAT_MS, IdempotencyStore, StoredResponse } from './idempotency.store';

const REPLAYED_HEADERS = ['etag', 'location'];
/** A retry waits this long for a live first attempt; a dead one is taken over within seconds. */
const WAIT_FOR_FIRST_MS = 10_000;
const WAIT_STEP_MAX_MS = 400;
/**
 * An owner stops vouching for itself after this long: a request still running then is hung, and
 * a retry may take the operation over (safely: it has the same ids).
 */
const MAX_HEARTBEAT_MS = 120_000;

/**
 * `Idempotency-Key` on POST and DELETE: the same key from the same agency with the same
 * body returns the first response again, marked `Idempotent-Replayed: true`, and records nothing
 * new; the same key with another body is 422. Responses to bad requests are kept too, since
 * the same request would get the same answer; transient failures (a store down, rate limiting,
 * a case too busy) are not, so a retry executes.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private readonly problems = new ProblemDetailsFilter();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<HttpReply>();
    const header = request.headers['idempotency-key'];
    if (!['POST', 'DELETE'].includes(request.method) || !request.auth) return next.handle();
    if (header === undefined) {
      request.operation = newOperation();
      return next.handle();
    }
    if (typeof header !== 'string' || header.length < 1 || header.length > 255) {
      throw InvalidRequestError.field(
        'Idempotency-Key',
        'must be 1-255 characters',
        'Idempotency-Key must be 1-255 characters.',
      );
    }
    const textError = textProblem(header, 'Idempotency-Key', { multiline: false });
    if (textError) {
      throw new InvalidRequestError(`Idempotency-Key ${textError.message}.`, [textError]);
    }
    const shownOnce =
      this.reflector.get<string[] | undefined>(SHOWN_ONCE_KEY, context.getHandler()) ?? [];
    return from(this.run(request, reply, request.auth.agencyId, header, next, shownOnce));
  }

  private async run(
    request: AuthenticatedRequest,
    reply: HttpReply,
    agencyId: string,
    key: string,
    next: CallHandler,
    shownOnce: string[],
  ): Promise<unknown> {
    const requestHash = createHash('sha256')
      .update(
        `${request.method} ${request.url.split('?')[0]}\n${canonicalize(request.body ?? null)}`,
      )
      .digest('hex');
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (let waits = 0; ; waits++) {
      const claim = await this.store.claim(agencyId, key, requestHash);
      switch (claim.kind) {
        case 'mismatch':
          throw new IdempotencyKeyReusedError();
        case 'completed':
          return this.replay(reply, claim.response);
        case 'in-progress':
          if (Date.now() > deadline) {
            throw new RequestInProgressError();
          }
          // Waiting costs a look (a SELECT), not a claim, until the owner is done or silent.
          do {
            await sleep(Math.min(WAIT_STEP_MAX_MS, 25 * 2 ** waits++));
          } while (
            Date.now() <= deadline &&
            (await this.store.ownerAtWork(agencyId, key, requestHash))
          );
          continue;
        case 'owned':
          request.operation = { id: claim.operationId, resumed: claim.resumed };
          return this.execute(reply, agencyId, key, claim.claimId, next, shownOnce);
      }
    }
  }

  private async execute(
    reply: HttpReply,
    agencyId: string,
    key: string,
    claimId: string,
    next: CallHandler,
    shownOnce: string[],
  ): Promise<unknown> {
    const started = Date.now();
    const heartbeat = setInterval(() => {
      if (Date.now() - started > MAX_HEARTBEAT_MS) return clearInterval(heartbeat);
      this.store.heartbeat(agencyId, key, claimId).catch(() => undefined);
    }, HEARTBEAT_MS);
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const problem = this.problems.toProblem(error);
      // What cannot be recorded now is found again by the next attempt: the record stays
      // in progress, its heartbeat stops, and the next attempt resumes the operation.
      if (isTransient(problem)) {
        await this.store.release(agencyId, key, claimId).catch(() => undefined);
      } else {
        await this.store
          .complete(agencyId, key, claimId, { status: problem.status, headers: {}, body: problem })
          .catch(() => undefined);
      }
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    // Nest sets the route's status before interceptors run; a controller may have changed it.
    const status = reply.statusCode;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      await this.store.complete(agencyId, key, claimId, {
        status,
        headers,
        body: without(body, shownOnce),
      });
    } catch (error) {
      // Done is done: the effects are stored under the operation's ids, and a retry with the key
      // resumes the operation and finds them. A 503 here would tell the caller it failed.
      this.logger.warn(`response for an Idempotency-Key not recorded: ${(error as Error).name}`);
    }
    return body;
  }

  private replay(reply: HttpReply, response: StoredResponse): unknown {
    reply.header('idempotent-replayed', 'true');
    if (response.status >= 400) {
      throw new ProblemException(response.body as never);
    }
    reply.status(response.status);
    for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
    return response.body;
  }
}

/** The body to keep: secrets shown once are never stored. */
function without(body: unknown, fields: string[]): unknown {
  if (fields.length === 0 || typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}
