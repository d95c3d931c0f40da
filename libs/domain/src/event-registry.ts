import { UnknownEventTypeError } from './errors';

/** Turns data stored under an older (or renamed) type into the shape of the next newer type. */
export interface Upcaster {
  fromType: string;
  toType: string;
  upcast(data: unknown): unknown;
}

/**
 * The one place that says which stored type strings exist. Events are never renamed or changed
 * in the store; a new schema gets a new type string and an upcaster from the old one, so old
 * streams keep replaying into current events.
 */
export class EventRegistry<TEvent extends { type: string; data: unknown }> {
  private readonly currentTypes: ReadonlySet<string>;
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(currentTypes: readonly TEvent['type'][]) {
    this.currentTypes = new Set(currentTypes);
  }

  /**
   * Register from newest to oldest: the target must already be known, which also makes a chain
   * that loops back on itself impossible.
   */
  registerUpcaster(upcaster: Upcaster): void {
    if (this.isKnown(upcaster.fromType)) {
      throw new Error(`${upcaster.fromType} is already registered`);
    }
    if (!this.isKnown(upcaster.toType)) {
      throw new Error(`Register ${upcaster.toType} before upcasting ${upcaster.fromType} to it`);
    }
    this.upcasters.set(upcaster.fromType, upcaster);
  }

  isKnown(type: string): boolean {
    return this.currentTypes.has(type) || this.upcasters.has(type);
  }

  /** Follows the chain of upcasters until the current version of the event. */
  upcast(type: string, data: unknown): TEvent {
    let currentType = type;
    let currentData = data;
    for (
      let upcaster = this.upcasters.get(currentType);
      upcaster !== undefined;
      upcaster = this.upcasters.get(currentType)
    ) {
      currentData = upcaster.upcast(currentData);
      currentType = upcaster.toType;
    }
    if (!this.currentTypes.has(currentType)) throw new UnknownEventTypeError(type);
    return { type: currentType, data: currentData } as TEvent;
  }
}
