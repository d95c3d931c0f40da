import { InvalidAppendError } from './errors';
import { ExpectedVersion, NewEvent } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BATCH = 10_000;

/** The same guard for every adapter, so they refuse the same appends. */
export function validateAppend(
  streamId: string,
  events: NewEvent[],
  expected: ExpectedVersion,
): void {
  if (
    typeof streamId !== 'string' ||
    streamId.length === 0 ||
    streamId.length > 200 ||
    streamId.startsWith('$')
  ) {
    throw new InvalidAppendError('stream id must be 1-200 characters and not start with "$"');
  }
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH) {
    throw new InvalidAppendError(`an append carries 1 to ${MAX_BATCH} events`);
  }
  if (!(
    expected === 'any' ||
    expected === 'no-stream' ||
    (Number.isInteger(expected) && expected >= 0)
  )) {
    throw new InvalidAppendError(
      'expected version must be a non-negative integer, "no-stream" or "any"',
    );
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new InvalidAppendError('event id must be a UUID');
    if (ids.has(event.eventId.toLowerCase()))
      throw new InvalidAppendError('event ids repeat within the append');
    ids.add(event.eventId.toLowerCase());
    if (typeof event.type !== 'string' || !/^[a-z0-9][a-z0-9.-]*\.v\d+$/.test(event.type)) {
      throw new InvalidAppendError(
        'event type must be a versioned type string such as "case.opened.v1"',
      );
    }
    if (event.data === undefined) throw new InvalidAppendError('event data is required');
  }
}
