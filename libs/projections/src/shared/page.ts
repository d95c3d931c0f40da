import { InvalidRequestError } from '@app/http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const DEFAULT_PAGE_SIZE = 50;

/** A page of a list, newest first, and the cursor of the next one (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a list query asks of its read model: a page after `after` (an item's id), or the first. */
export interface PageRequest {
  after: string | null;
  limit: number;
}

/**
 * Keyset paging over uuid ids, newest first, the same for every list: a cursor is opaque to
 * clients (the id of the last item of the previous page), and a read model fetches `limit + 1`
 * rows so that `pageOf` knows whether another page follows.
 */
export function pageRequest(query: { cursor?: string; limit?: number }): PageRequest {
  return { after: decodeCursor(query.cursor), limit: query.limit ?? DEFAULT_PAGE_SIZE };
}

export function pageOf<Row, Item>(
  rows: Row[],
  request: PageRequest,
  idOf: (row: Row) => string,
  toItem: (row: Row) => Item,
): Page<Item> {
  const page = rows.slice(0, request.limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > request.limit ? encodeCursor(idOf(page[page.length - 1])) : null,
  };
}

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) {
    throw InvalidRequestError.field(
      'cursor',
      'is invalid',
      'cursor is not one this service returned.',
    );
  }
  return id;
}

/** A stored time as ISO 8601; null where the events gave none that was a time. */
export function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
