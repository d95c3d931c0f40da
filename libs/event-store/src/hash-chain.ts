import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EventMetadata, RecordedEvent, StreamVerification } from './event-store.port';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  prevHash: string;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the event's content and its predecessor's hash.
 * Every adapter uses this one function, so a stream verifies the same way whichever store holds it.
 */
export function hashEvent(fields: HashedFields): string {
  const canonical = canonicalize({
    streamId: fields.streamId,
    version: fields.version,
    eventId: fields.eventId,
    type: fields.type,
    data: fields.data,
    metadata: fields.metadata,
    prevHash: fields.prevHash,
  });
  if (canonical === undefined) {
    throw new TypeError('event cannot be represented as canonical JSON');
  }
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Walks a stream in version order and reports the first event whose version, link or content
 * does not match: a changed, deleted, inserted or reordered event breaks the chain there.
 */
export async function verifyChain(
  streamId: string,
  events: AsyncIterable<RecordedEvent>,
): Promise<StreamVerification> {
  let expectedVersion = 1;
  let prevHash = GENESIS_HASH;
  let eventsChecked = 0;
  for await (const event of events) {
    eventsChecked++;
    const intact =
      event.streamId === streamId &&
      event.version === expectedVersion &&
      event.prevHash === prevHash &&
      hashEvent({ ...event, prevHash }) === event.hash;
    if (!intact) {
      return { valid: false, eventsChecked, headHash: null, firstInvalidVersion: expectedVersion };
    }
    prevHash = event.hash;
    expectedVersion++;
  }
  return { valid: true, eventsChecked, headHash: eventsChecked > 0 ? prevHash : null };
}
