/**
 * PostgreSQL's text and jsonb cannot hold NUL or an unpaired surrogate, which JSON (and so the
 * event log, stored as json) can. Read models copy what events say into such columns: this is the
 * copy they store, each such character replaced by U+FFFD, so that no event, however it got into
 * the log, can stop a projection. The API never accepts such text; the log keeps the original.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  // JSON writes each NUL and unpaired surrogate as an escape: without one, nothing needs a copy.
  if (!ESCAPED_UNSTORABLE.test(JSON.stringify(value) ?? '')) return value;
  return storableCopy(value);
}

/**
 * `JSON.stringify(value)` of its storable copy: the text once, where it needs no copy (nearly
 * always), instead of once to check and again to write.
 */
export function storableJson(value: unknown): string | undefined {
  const text = JSON.stringify(value);
  if (text === undefined || !ESCAPED_UNSTORABLE.test(text)) return text;
  return JSON.stringify(storableCopy(value));
}

/** A value as JSON.stringify writes it: its toJSON applied (a Date), a boxed value unboxed. */
export function asWrittenInJson(value: unknown, key = ''): unknown {
  if (value === null || typeof value !== 'object') return value;
  const own = value as { toJSON?: (key: string) => unknown };
  const json = typeof own.toJSON === 'function' ? own.toJSON(key) : value;
  return json instanceof String || json instanceof Number || json instanceof Boolean
    ? json.valueOf()
    : json;
}

/** The copy JSON would write (Dates as their text), with unstorable characters replaced. */
function storableCopy<T>(input: T): T {
  const value = asWrittenInJson(input) as T;
  if (typeof value === 'string') return storableText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(storableCopy) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [storableText(key), storableCopy(item)]),
  ) as T;
}

// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL text cannot hold
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;
// eslint-disable-next-line no-control-regex -- as above
const UNSTORABLE_ALL = /[\u0000\uD800-\uDFFF]/gu;

/** How JSON.stringify writes them (a false alarm, such as an escaped backslash, only costs a copy). */
const ESCAPED_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, '\uFFFD') : text;
}
