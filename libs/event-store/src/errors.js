'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.InvalidAppendError =
  exports.EventStoreUnavailableError =
  exports.WrongExpectedVersionError =
    void 0;
class WrongExpectedVersionError extends Error {
  streamId;
  expectedVersion;
  actualVersion;
  constructor(streamId, expectedVersion, actualVersion) {
    super(
      `Wrong expected version for stream ${streamId}: expected ${String(expectedVersion)}, actual ${actualVersion}`,
    );
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
    this.name = 'WrongExpectedVersionError';
  }
}
exports.WrongExpectedVersionError = WrongExpectedVersionError;
class EventStoreUnavailableError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
exports.EventStoreUnavailableError = EventStoreUnavailableError;
class InvalidAppendError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
exports.InvalidAppendError = InvalidAppendError;
//# sourceMappingURL=errors.js.map
