import { LRUCache } from 'lru-cache';
import { Principal } from '../auth/principal';

export type Authenticated = Omit<Principal, 'officerId'>;

const KEPT_KEYS = 10_000;
/** A backstop: even while changes are heard of, a kept key is looked up again after this long. */
const KEPT_FOR_MS = 60_000;

/**
 * The keys this process has seen authenticate, by hash, so that most requests need no query.
 * Forgotten all at once whenever any key changes. A lookup that began before a change must not be
 * kept after it: `keep` takes the generation the lookup began in, and keeps nothing if a change
 * came in between.
 */
export class KeptKeys {
  private readonly keys = new LRUCache<string, { principal: Authenticated; until: number }>({
    max: KEPT_KEYS,
  });
  private changes = 0;

  /** Changes forgotten so far: read it before a lookup, give it back to `keep`. */
  get generation(): number {
    return this.changes;
  }

  get(hash: string): Authenticated | undefined {
    const kept = this.keys.get(hash);
    return kept && kept.until > Date.now() ? kept.principal : undefined;
  }

  keep(hash: string, principal: Authenticated, lookedUpIn: number): void {
    if (lookedUpIn !== this.changes) return;
    this.keys.set(hash, { principal, until: Date.now() + KEPT_FOR_MS });
  }

  forgetAll(): void {
    this.changes++;
    this.keys.clear();
  }
}
