import { InvalidRequestError } from '@app/http';

/** `If-Match: "<version>"` (a weak tag or no quotes accepted): the version a command expects. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header) : null;
  if (!match) {
    throw InvalidRequestError.field(
      'If-Match',
      'must be a quoted version number',
      'If-Match must be a case version such as "3".',
    );
  }
  return Number(match[1]);
}

/** The ETag of a case at `version`, which If-Match names back. */
export function etag(version: number): string {
  return `"${version}"`;
}
