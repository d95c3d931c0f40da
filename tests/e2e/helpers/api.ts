import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { AgencyKeys, TestApp } from '../../support/test-app';
import { consentBody, OPEN_CASE_BODY, referralBody } from '../../support/fixtures';

/**
 * Small helpers shared by the end-to-end suites: who calls (key + X-Officer-Id), the calls
 * themselves, and the assertions every agency relies on (command responses, problem+json).
 */

/** A JSON document from a response: tests dig into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export type Role = 'officer' | 'supervisor' | 'auditor' | 'admin';

export interface Caller {
  agencyId: string;
  role: Role;
  key: string;
  /** Sent as X-Officer-Id when set. */
  officerId?: string;
  /** Sent as X-Purpose when set (auditors must state why they read a case). */
  purpose?: string;
}

export const AUDIT_PURPOSE = 'Quarterly review of referral times';

/**
 * A caller of `keys`' agency in `role`; officers and supervisors get an X-Officer-Id, auditors an
 * X-Purpose.
 */
export function as(keys: AgencyKeys, role: Role = 'officer', officerId?: string): Caller {
  const defaultOfficer =
    role === 'officer' || role === 'supervisor' ? `${keys.agencyId}.${role}-1` : undefined;
  return {
    agencyId: keys.agencyId,
    role,
    key: keys[role],
    officerId: officerId ?? defaultOfficer,
    ...(role === 'auditor' ? { purpose: AUDIT_PURPOSE } : {}),
  };
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
}

export type Method = 'get' | 'post' | 'put' | 'delete';

/** One HTTP call as `who`; `who` may also be a bare key (or null for no Authorization at all). */
export function call(
  test: TestApp,
  who: Caller | string | null,
  method: Method,
  path: string,
  { body, headers = {}, query }: CallOptions = {},
) {
  let req = test.http[method](path);
  if (who !== null) {
    const key = typeof who === 'string' ? who : who.key;
    req = req.set('authorization', `Bearer ${key}`);
    if (typeof who !== 'string' && who.officerId) req = req.set('x-officer-id', who.officerId);
    if (typeof who !== 'string' && who.purpose) req = req.set('x-purpose', who.purpose);
  }
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  if (query) req = req.query(query);
  return body === undefined ? req : req.send(body as object);
}

export const get = (test: TestApp, who: Caller | string, path: string, options?: CallOptions) =>
  call(test, who, 'get', path, options);
export const post = (
  test: TestApp,
  who: Caller | string | null,
  path: string,
  body: unknown = {},
  options: Omit<CallOptions, 'body'> = {},
) => call(test, who, 'post', path, { ...options, body });

/** A command answered with `{ caseId, version }` and `ETag: "<version>"`. */
export function expectCommand(
  res: Response,
  expected: { status: number; caseId?: string; version: number },
): void {
  if (res.status !== expected.status) {
    throw new Error(`expected ${expected.status}, got ${res.status}: ${res.text}`);
  }
  expect(res.body.version).toBe(expected.version);
  if (expected.caseId) expect(res.body.caseId).toBe(expected.caseId);
  expect(res.headers.etag).toBe(`"${expected.version}"`);
}

/** An `application/problem+json` error with type, title, status and detail (and field errors). */
export function expectProblem(res: Response, status: number, field?: string): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  );
  expect(res.body.type.length).toBeGreaterThan(0);
  expect(res.body.title.length).toBeGreaterThan(0);
  expect(res.body.detail.length).toBeGreaterThan(0);
  if (field !== undefined) {
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  }
}

/** Opens a case (default body: OPEN_CASE_BODY) and returns its id. */
export async function openCase(
  test: TestApp,
  who: Caller,
  body: unknown = OPEN_CASE_BODY,
): Promise<string> {
  const res = await post(test, who, '/v1/cases', body);
  if (res.status !== 201) throw new Error(`open case: ${res.status} ${res.text}`);
  return res.body.caseId as string;
}

/** Runs a command that must succeed (2xx) and returns its body. */
export async function command(
  test: TestApp,
  who: Caller,
  path: string,
  body: unknown = {},
  method: 'post' | 'delete' = 'post',
): Promise<Json> {
  const res = await call(test, who, method, path, { body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** Records consent to share with `toAgencyId`, then refers; returns the referral id. */
export async function consentAndRefer(
  test: TestApp,
  lead: Caller,
  caseId: string,
  toAgencyId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  await command(test, lead, `/v1/cases/${caseId}/consents`, consentBody(toAgencyId));
  const body = await command(
    test,
    lead,
    `/v1/cases/${caseId}/referrals`,
    referralBody(toAgencyId, overrides),
  );
  return body.referralId as string;
}

/** The case as `who` sees it now (expects 200). */
export async function getCase(test: TestApp, who: Caller, caseId: string) {
  const res = await get(test, who, `/v1/cases/${caseId}`);
  if (res.status !== 200) throw new Error(`GET case: ${res.status} ${res.text}`);
  return res.body as Json;
}

/** The case's current version, read as `who` (through GET, so through the event stream). */
export async function caseVersion(test: TestApp, who: Caller, caseId: string): Promise<number> {
  return (await getCase(test, who, caseId)).version as number;
}

/** Every history item of a case, following nextFromVersion. */
export async function history(test: TestApp, who: Caller, caseId: string) {
  const items: Json[] = [];
  let fromVersion: number | null = 1;
  while (fromVersion !== null) {
    const res = await get(test, who, `/v1/cases/${caseId}/history`, {
      query: { fromVersion, limit: 100 },
    });
    if (res.status !== 200) throw new Error(`history: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    fromVersion = res.body.nextFromVersion;
  }
  return items;
}

/** The case ids in GET /v1/cases for `who` (call test.projected() first). */
export async function listedCaseIds(test: TestApp, who: Caller): Promise<string[]> {
  const res = await get(test, who, '/v1/cases', { query: { limit: 200 } });
  if (res.status !== 200) throw new Error(`list: ${res.status} ${res.text}`);
  return res.body.items.map((item: { caseId: string }) => item.caseId);
}

/** `who`'s inbox items (call test.projected() first). */
export async function inbox(test: TestApp, who: Caller) {
  const res = await get(test, who, '/v1/referrals/inbox', { query: { limit: 200 } });
  if (res.status !== 200) throw new Error(`inbox: ${res.status} ${res.text}`);
  return res.body.items as Json[];
}

export const unknownId = () => randomUUID();
