/**
 * The agencies and bodies of `npm run bench:api` (from tests/support/fixtures.ts, which the
 * end-to-end suites use too) and small HTTP helpers shared with its load generator
 * (api-load.ts). Nothing here imports the app: the load generator stays light.
 */
import { CAST, consentBody, referralBody } from '../support/fixtures';

import { SCREENING } from '../support/fixtures';

export { SCREENING };

export const LEAD = CAST.fiaIslamabad;
export const SHELTER = CAST.darUlAmanLahore;
export const OFFICER_ID = 'officer-bench';

export const SHARE_CONSENT = consentBody(SHELTER.agencyId);

export const REFERRAL = referralBody(SHELTER.agencyId, {
  services: ['shelter', 'medical'],
  urgency: 'emergency',
  reason: 'Needs safe accommodation tonight',
});

/** The headers of a command sent by an officer of the key's agency. */
export function commandHeaders(apiKey: string): Record<string, string> {
  return {
    authorization: `Bearer ${apiKey}`,
    'x-officer-id': OFFICER_ID,
    'content-type': 'application/json',
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight; the first error wins. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

export type ApiClient = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;

/** JSON requests for setup, outside any measurement; anything but 2xx throws. */
export function apiClient(origin: string, apiKey: string): ApiClient {
  return async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(origin + path, {
      method,
      headers:
        body === undefined
          ? { authorization: `Bearer ${apiKey}`, 'x-officer-id': OFFICER_ID }
          : commandHeaders(apiKey),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

export interface PrepareReferrals {
  origin: string;
  leadKey: string;
  /** tests/support/test-app.ts OPEN_CASE_BODY, passed in. */
  openCaseBody: unknown;
  count: number;
  concurrency: number;
}

/**
 * `count` cases, each opened, screened, consented to sharing with the shelter and referred to
 * it; returns the acknowledge path of each referral.
 */
export async function prepareReferrals({
  origin,
  leadKey,
  openCaseBody,
  count,
  concurrency,
}: PrepareReferrals): Promise<string[]> {
  const asLead = apiClient(origin, leadKey);
  return pool(Array.from({ length: count }), concurrency, async () => {
    const { caseId } = await asLead<{ caseId: string }>('POST', '/v1/cases', openCaseBody);
    await asLead('POST', `/v1/cases/${caseId}/screenings`, SCREENING);
    await asLead('POST', `/v1/cases/${caseId}/consents`, SHARE_CONSENT);
    const { referralId } = await asLead<{ referralId: string }>(
      'POST',
      `/v1/cases/${caseId}/referrals`,
      REFERRAL,
    );
    return `/v1/cases/${caseId}/referrals/${referralId}/acknowledge`;
  });
}
