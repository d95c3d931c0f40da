/**
 * The one rule for text the service accepts, from any caller:
 * - no NUL (PostgreSQL text and jsonb cannot hold it) and no unpaired UTF-16 surrogate (it has
 *   no UTF-8 encoding);
 * - no control character (Unicode category Cc: C0, DEL, C1), and no bidirectional embedding or
 *   override (U+202A–U+202E): they hide or reorder what a reader sees. Isolates (U+2066–U+2069)
 *   and the directional marks that Urdu text uses (U+200E, U+200F, U+061C) are text;
 * - line breaks and tabs (CR, LF, TAB, and the line and paragraph separators U+2028, U+2029)
 *   only in free text.
 *
 * Returns what is wrong, worded to follow a field name ("notes must not contain ..."), or null.
 * Never the offending text itself: it may be about a victim.
 */
export function textViolation(value: string, { multiline }: { multiline: boolean }): string | null {
  if (ACCEPTABLE.test(value)) return null;
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired surrogate code units';
  if (!multiline && LINE_BREAK.test(value)) {
    return 'must be a single line (no line breaks or tabs)';
  }
  if (CONTROL.test(value.replace(LINE_BREAK_ALL, ''))) return 'must not contain control characters';
  if (BIDI_OVERRIDE.test(value)) {
    return 'must not contain bidirectional embedding or override characters';
  }
  return null;
}

/** Fast path: nothing any rule looks for. */
const ACCEPTABLE = /^[^\p{Cc}\uD800-\uDFFF\u2028\u2029\u202A-\u202E]*$/u;
const CONTROL = /\p{Cc}/u;
/** In Unicode mode a well-formed pair is one code point: only unpaired halves match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
const LINE_BREAK_ALL = /[\t\n\r\u2028\u2029]/g;
const BIDI_OVERRIDE = /[\u202A-\u202E]/;
