/** Each case is one stream of the event log, named after it. The name is stored: never change it. */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;

const CASE_STREAM = /^case-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The last stream asked about: projections ask for each event several times running. */
let last: { streamId: string; caseId: string | null } = { streamId: '', caseId: null };

/** The case a stream holds, or null for any other stream (a subscriber reads them all). */
export function caseIdOfStream(streamId: string): string | null {
  if (streamId !== last.streamId) {
    last = { streamId, caseId: CASE_STREAM.exec(streamId)?.[1] ?? null };
  }
  return last.caseId;
}
