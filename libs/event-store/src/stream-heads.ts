import { EventStore, START_POSITION, StreamHeadEntry, StreamPoint } from './event-store.port';

const PAGE = 1_000;

/**
 * Every stream's newest event, folded from the global log: for adapters that have no cheaper
 * way to list streams. Costs one pass over the log.
 */
export async function headsFromLog(store: EventStore): Promise<StreamHeadEntry[]> {
  const heads = new Map<string, StreamHeadEntry>();
  let from = START_POSITION;
  for (;;) {
    const page = await store.readAll(from, PAGE);
    for (const event of page) {
      const known = heads.get(event.streamId);
      if (!known || known.version < event.version) {
        heads.set(event.streamId, {
          streamId: event.streamId,
          version: event.version,
          hash: event.hash,
        });
      }
    }
    if (page.length < PAGE) break;
    from = page[page.length - 1].position;
  }
  return sortedByStream([...heads.values()]);
}

/** The hash of each event asked for, read one stream at a time. */
export async function hashesFromStreams(
  store: EventStore,
  points: readonly StreamPoint[],
): Promise<(string | null)[]> {
  return Promise.all(
    points.map(async ({ streamId, version }) => {
      for await (const event of store.readStream(streamId, { fromVersion: version })) {
        return event.version === version ? event.hash : null;
      }
      return null;
    }),
  );
}

/** By stream id in UTF-16 code unit order: the same in every process and adapter. */
export function sortedByStream<T extends { streamId: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}
