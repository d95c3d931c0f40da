/** Each case is one stream of the event log, named after it. The name is stored: never change it. */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;

const CASE_STREAM = /^case-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The case a stream holds, or null for any other stream (a subscriber reads them all). */
export function caseIdOfStream(streamId: string): string | null {
  return CASE_STREAM.exec(streamId)?.[1] ?? null;
}
