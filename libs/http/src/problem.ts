import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://safe-referral.example/problems/';

const TITLES: Record<number, [string, string]> = {
  400: ['invalid-request', 'The request is malformed or invalid'],
  401: ['unauthenticated', 'Missing or unknown API key'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  408: ['request-timeout', 'The request did not arrive in time'],
  409: ['conflict', 'The current state does not allow this'],
  412: ['precondition-failed', 'The case is no longer at the expected version'],
  413: ['payload-too-large', 'Request body over the limit'],
  414: ['uri-too-long', 'Request path too long'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['rule-violation', 'The request breaks a rule'],
  429: ['rate-limited', 'Too many requests'],
  431: ['headers-too-large', 'Request headers over the limit'],
  500: ['internal-error', 'Internal error'],
  503: ['unavailable', 'A store is unavailable'],
};

export function problem(
  status: number,
  detail: string,
  extra: { type?: string; title?: string; errors?: FieldError[]; [key: string]: unknown } = {},
): ProblemDocument {
  const [slug, title] = TITLES[status] ?? ['error', HttpStatus[status] ?? 'Error'];
  const { type, title: customTitle, ...rest } = extra;
  // Every problem has a code to branch on: the refusal's own, or its status's (error-codes.ts).
  return {
    type: `${TYPE_BASE}${type ?? slug}`,
    title: customTitle ?? title,
    status,
    detail,
    code: slug,
    ...rest,
  };
}

/**
 * A failure that says nothing about the request itself, so a retry may succeed: a store was
 * down, the caller was rate limited, or the problem says so (`retryable: true`, e.g. a case
 * written by others too fast to get a turn).
 */
export function isTransient(problem: ProblemDocument): boolean {
  return problem.status >= 500 || problem.status === 429 || problem.retryable === true;
}

/** An HttpException that carries a whole problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDocument) {
    super(problem, problem.status);
  }

  static of(
    status: number,
    detail: string,
    extra?: Parameters<typeof problem>[2],
  ): ProblemException {
    return new ProblemException(problem(status, detail, extra));
  }
}
