import { ExpectedVersion } from './event-store.port';

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    /** The stream's version when the append was refused (0 = no stream). */
    readonly actualVersion: number,
  ) {
    super(
      `Wrong expected version for stream ${streamId}: expected ${String(expectedVersion)}, actual ${actualVersion}`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
