import { problem, ProblemDocument } from './problem';

/**
 * Deepest nesting of arrays and objects a body may have. Every request body of the API is at most
 * four levels deep; the bound keeps recursive code further on (validation, transformation,
 * canonical JSON for idempotency) from ever exhausting the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** A body refused before it reaches a route: answered with its problem document as it is. */
export class BodyRefusedError extends Error {
  constructor(readonly problem: ProblemDocument) {
    super(problem.detail);
    this.name = 'BodyRefusedError';
  }

  /** Fastify reads the status of a parser's error from here. */
  get statusCode(): number {
    return this.problem.status;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Request bodies are JSON in UTF-8 (the API contract): any other charset is 415, bytes that are not UTF-8
 * and text that is not JSON are 400, and so is JSON nested deeper than MAX_JSON_DEPTH, found by
 * one pass over the text before anything parses it.
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new BodyRefusedError(
      problem(415, 'Send JSON bodies in UTF-8 (Content-Type: application/json).'),
    );
  }
  if (body.length === 0) throw refused('is empty');
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw refused('is not valid UTF-8');
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw refused(`nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text it choked on, which may be about a victim.
    throw refused('is not valid JSON');
  }
}

function refused(message: string): BodyRefusedError {
  return new BodyRefusedError(
    problem(400, `The request body ${message}.`, { errors: [{ field: 'body', message }] }),
  );
}

/** Deepest bracket nesting outside strings; stops counting once past the bound. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > MAX_JSON_DEPTH) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}
