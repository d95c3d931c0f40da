import type { RecordedEvent } from '@app/event-store';
import type { BundleEvent } from './audit-bundle';

/** An event of the store as audits carry it: as stored, with its place in the chain. */
export function asStoredEvent(event: RecordedEvent): BundleEvent {
  return {
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    recordedAt: event.metadata.recordedAt,
    data: event.data,
    metadata: event.metadata as unknown as Record<string, unknown>,
    hash: event.hash,
    prevHash: event.prevHash,
  };
}
