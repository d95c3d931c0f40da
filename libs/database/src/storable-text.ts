/**
 * PostgreSQL's text and jsonb cannot hold NUL or an unpaired surrogate, which JSON (and so the
 * event log, stored as json) can. Read models copy what events say into such columns: this is the
 * copy they store, each such character replaced by U+FFFD, so that no event, however it got into
 * the log, can stop a projection. The API never accepts such text; the log keeps the original.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(storable) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [storableText(key), storable(item)]),
  ) as T;
}

// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL text cannot hold
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;
// eslint-disable-next-line no-control-regex -- as above
const UNSTORABLE_ALL = /[\u0000\uD800-\uDFFF]/gu;

function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, '\uFFFD') : text;
}
