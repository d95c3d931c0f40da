/**
 * Every refusal the service makes has a stable code (the problem document's `code`), and this is
 * the one table that says which HTTP status each code is answered with. Domain errors bring their
 * own codes (libs/domain/src/errors.ts); application errors are ApplicationErrors with a code of
 * this table. No status number is written anywhere else.
 */
export const STATUS_BY_CODE = {
  // 400: the request itself is wrong
  'invalid-request': 400,
  'officer-id-required': 400,
  'purpose-required': 400,
  // 401, 403: who asks, and what they may do
  unauthenticated: 401,
  forbidden: 403,
  'route-not-open': 403,
  'role-not-allowed': 403,
  'other-agency': 403,
  'forbidden-action': 403,
  // 404: nothing there, or nothing the caller may see
  'not-found': 404,
  'case-not-found': 404,
  'referral-not-found': 404,
  'transfer-not-found': 404,
  'case-not-at-point': 404,
  'api-key-not-found': 404,
  'notification-not-found': 404,
  'anchor-not-found': 404,
  // 405, 408: the request itself, as the HTTP layer sees it
  'method-not-allowed': 405,
  'request-timeout': 408,
  // 409: the current state does not allow it (some only for now: retryable)
  conflict: 409,
  'invalid-state-transition': 409,
  'case-exists': 409,
  'case-busy': 409,
  'request-in-progress': 409,
  'case-erased-since': 409,
  'api-key-revoked': 409,
  'notification-not-failed': 409,
  // 412
  'precondition-failed': 412,
  // 413, 414, 415, 431: the request's size or media type
  'payload-too-large': 413,
  'uri-too-long': 414,
  'unsupported-media-type': 415,
  'headers-too-large': 431,
  // 422: well-formed, against a rule
  'rule-violation': 422,
  'business-rule-violation': 422,
  'unknown-agency': 422,
  'idempotency-key-reused': 422,
  // 429
  'rate-limited': 429,
  // 500, 503: the service's fault, or a store it needs is down (retryable)
  'internal-error': 500,
  unavailable: 503,
  // 500: the log only, never to a caller; what no handler should ever let through
  'unknown-event-type': 500,
  'invalid-event-sequence': 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export function statusOf(code: string): number {
  return (STATUS_BY_CODE as Record<string, number>)[code] ?? 500;
}
