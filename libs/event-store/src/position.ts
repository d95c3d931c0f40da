import { GlobalPosition, START_POSITION } from './event-store.port';

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `commit/prepare`, the form checkpoints are stored in. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(text);
  if (!match) throw new Error(`not a stored position: ${text}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function isStart(position: GlobalPosition): boolean {
  return comparePositions(position, START_POSITION) === 0;
}
