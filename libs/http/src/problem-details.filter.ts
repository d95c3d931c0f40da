import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { BusinessRuleViolationError, DomainError } from '@app/domain';
import { EventStoreUnavailableError, InvalidAppendError } from '@app/event-store';
import { ApplicationError } from './application-error';
import { statusOf } from './error-codes';
import { HttpReply } from './http-types';
import { BodyRefusedError } from './json-body';
import { PROBLEM_CONTENT_TYPE, problem, ProblemDocument, ProblemException } from './problem';

const UNAVAILABLE_LOG_INTERVAL_MS = 5_000;
const RETRY_AFTER_SECONDS = 1;

/** Errors of a connection that could not be made or was lost. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATE classes of a database that cannot serve now: connection exception (08), insufficient
 * resources (53), operator intervention (57: shutting down, a statement timeout), system error
 * (58); and a lock not obtained in time (55P03).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57|58)...$|^55P03$/;

/**
 * Every error leaves as application/problem+json, in this one place: validation, domain refusals,
 * concurrency, and stores that are down. Details never echo request bodies, which may carry
 * personal data; unexpected errors are logged by name and stack, and answered generically.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);
  private unavailableLoggedAt = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<HttpReply>();
    const body = this.toProblem(exception, { log: true });
    // Worth retrying as it is, and when: a store that is down, a case busy with other writers.
    if (body.status === 503 || (body.status === 409 && body.retryable === true)) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    }
    reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  /** The problem document for `exception`; `log` says whether to log what the operator needs. */
  toProblem(exception: unknown, { log = false }: { log?: boolean } = {}): ProblemDocument {
    if (exception instanceof ProblemException) return exception.problem;
    const coded =
      exception instanceof ApplicationError
        ? fromCoded(exception.code, exception.message, exception.extensions)
        : exception instanceof DomainError
          ? fromDomainError(exception)
          : null;
    if (coded) return coded;
    if (exception instanceof BodyRefusedError) return exception.problem;
    if (exception instanceof HttpException && exception.cause instanceof BodyRefusedError) {
      return exception.cause.problem;
    }
    // The Fastify adapter wraps Fastify's own 4xx errors (body parsing, size) in an HttpException.
    if (exception instanceof HttpException && isFastifyClientError(exception.cause)) {
      return fromFastifyError(exception.cause);
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof InvalidAppendError) return problem(400, exception.message);
    if (isUnavailable(exception)) {
      // An outage answers many requests: one line every few seconds says it.
      if (log && Date.now() - this.unavailableLoggedAt > UNAVAILABLE_LOG_INTERVAL_MS) {
        this.unavailableLoggedAt = Date.now();
        this.logger.error(`store unavailable: ${describe(exception)}`);
      }
      return problem(503, 'A store the service depends on is unavailable; retry later.');
    }
    if (isFastifyClientError(exception)) return fromFastifyError(exception);
    if (log) this.logger.error(`unhandled error: ${describe(exception)}`, stackFrames(exception));
    return problem(500, 'An unexpected error occurred.');
  }
}

/** A coded refusal, answered with the status STATUS_BY_CODE gives its code. */
function fromCoded(
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): ProblemDocument | null {
  const status = statusOf(code);
  if (status >= 500) return null;
  return problem(status, message, { code, ...extensions });
}

function fromDomainError(error: DomainError): ProblemDocument | null {
  const field = error instanceof BusinessRuleViolationError ? error.field : undefined;
  return fromCoded(
    error.code,
    error.message,
    field ? { errors: [{ field, message: error.message }] } : {},
  );
}

function fromHttpException(exception: HttpException): ProblemDocument {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : ((response as { message?: unknown }).message ?? exception.message);
  // The router's own 404 quotes the path and query string, which a client may have filled with
  // anything: the detail says what happened, not what was sent.
  if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(String(message))) {
    return problem(404, 'There is no such route.');
  }
  // Health checks answer 503 with each store's state: keep it, it is what an operator needs.
  const checks =
    typeof response === 'object' ? (response as { details?: unknown }).details : undefined;
  return problem(status, Array.isArray(message) ? message.join('; ') : String(message), {
    ...(checks ? { checks } : {}),
    // What reaches here as a bare 400 is the body parser refusing the body (e.g. __proto__).
    ...(status === 400 ? { errors: [{ field: 'body', message: 'is malformed' }] } : {}),
  });
}

interface FastifyClientError {
  statusCode: number;
  code?: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function fromFastifyError(error: FastifyClientError): ProblemDocument {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'The request body is over the size limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'Send JSON bodies with Content-Type: application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'The request body is empty or its length is wrong.', {
        errors: [{ field: 'body', message: 'is empty or its length is wrong' }],
      });
    default:
      return error.statusCode === 400
        ? problem(400, 'The request body is not valid JSON.', {
            errors: [{ field: 'body', message: 'is not valid JSON' }],
          })
        : problem(error.statusCode, 'Request refused.');
  }
}

function isUnavailable(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const code = (error as { code?: unknown })?.code;
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_ERRNOS.has(code) || UNAVAILABLE_SQLSTATE.test(code))
  ) {
    return true;
  }
  // PostgreSQL ends the session with FATAL when it will not serve it (shutdown, no connections).
  if ((error as { severity?: unknown })?.severity === 'FATAL') return true;
  const message = (error as Error)?.message ?? '';
  // pg's own errors of a lost or hung connection carry no code.
  return /Connection terminated|connection is closed|ECONNREFUSED|timeout exceeded when trying to connect|Query read timeout/i.test(
    message,
  );
}

/** Where an error was thrown, without its message (the first lines of a stack repeat it). */
function stackFrames(error: unknown): string | undefined {
  const stack = (error as Error | undefined)?.stack;
  return stack
    ?.split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n');
}

/**
 * What the log says of an error. A database's own messages quote the values they refused (which
 * may be about a victim), so they are named by SQLSTATE only.
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof severity === 'string' && typeof code === 'string') {
    return `${error.name} ${severity} ${code}`;
  }
  return `${error.name}: ${error.message}`;
}
