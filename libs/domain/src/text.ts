/**
 * The one rule for text the service accepts, from any caller: no NUL, no unpaired UTF-16
 * surrogate, no control character (Unicode category Cc: C0, DEL, C1), except that free text may
 * hold line breaks and tabs. Such characters cannot be stored in PostgreSQL text or jsonb (NUL),
 * cannot be encoded as UTF-8 (lone surrogates), or hide what a reader sees (the rest).
 *
 * Returns what is wrong, worded to follow a field name ("notes must not contain ..."), or null.
 * Never the offending text itself: it may be about a victim.
 */
export function textViolation(value: string, { multiline }: { multiline: boolean }): string | null {
  if (ACCEPTABLE.test(value)) return null;
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired surrogate code units';
  if (!multiline && LINE_BREAK_OR_TAB.test(value))
    return 'must be a single line (no line breaks or tabs)';
  if (CONTROL.test(multiline ? value.replace(LINE_BREAK_OR_TAB_ALL, '') : value)) {
    return 'must not contain control characters';
  }
  return null;
}

/** Fast path: no control character at all and no surrogate code unit. */
const ACCEPTABLE = /^[^\p{Cc}\uD800-\uDFFF]*$/u;
const CONTROL = /\p{Cc}/u;
/** In Unicode mode a well-formed pair is one code point: only unpaired halves match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const LINE_BREAK_OR_TAB_ALL = /[\t\n\r]/g;
