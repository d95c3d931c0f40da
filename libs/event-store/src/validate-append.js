'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.validateAppend = validateAppend;
const errors_1 = require('./errors');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BATCH = 10_000;
function validateAppend(streamId, events, expected) {
  if (
    typeof streamId !== 'string' ||
    streamId.length === 0 ||
    streamId.length > 200 ||
    streamId.startsWith('$')
  ) {
    throw new errors_1.InvalidAppendError(
      'stream id must be 1-200 characters and not start with "$"',
    );
  }
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH) {
    throw new errors_1.InvalidAppendError(`an append carries 1 to ${MAX_BATCH} events`);
  }
  if (!(
    expected === 'any' ||
    expected === 'no-stream' ||
    (Number.isInteger(expected) && expected >= 0)
  )) {
    throw new errors_1.InvalidAppendError(
      'expected version must be a non-negative integer, "no-stream" or "any"',
    );
  }
  const ids = new Set();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new errors_1.InvalidAppendError('event id must be a UUID');
    if (ids.has(event.eventId.toLowerCase()))
      throw new errors_1.InvalidAppendError('event ids repeat within the append');
    ids.add(event.eventId.toLowerCase());
    if (typeof event.type !== 'string' || !/^[a-z0-9][a-z0-9.-]*\.v\d+$/.test(event.type)) {
      throw new errors_1.InvalidAppendError(
        'event type must be a versioned type string such as "case.opened.v1"',
      );
    }
    if (event.data === undefined) throw new errors_1.InvalidAppendError('event data is required');
  }
}
//# sourceMappingURL=validate-append.js.map
