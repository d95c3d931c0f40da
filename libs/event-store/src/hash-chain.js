'use strict';
var __importDefault =
  (this && this.__importDefault) ||
  function (mod) {
    return mod && mod.__esModule ? mod : { default: mod };
  };
Object.defineProperty(exports, '__esModule', { value: true });
exports.GENESIS_HASH = void 0;
exports.hashEvent = hashEvent;
exports.verifyChain = verifyChain;
const node_crypto_1 = require('node:crypto');
const canonicalize_1 = __importDefault(require('canonicalize'));
exports.GENESIS_HASH = '0'.repeat(64);
function hashEvent(fields) {
  const canonical = (0, canonicalize_1.default)({
    streamId: fields.streamId,
    version: fields.version,
    eventId: fields.eventId,
    type: fields.type,
    data: fields.data,
    metadata: fields.metadata,
    prevHash: fields.prevHash,
  });
  if (canonical === undefined) {
    throw new TypeError('event cannot be represented as canonical JSON');
  }
  return (0, node_crypto_1.createHash)('sha256').update(canonical, 'utf8').digest('hex');
}
async function verifyChain(streamId, events) {
  let expectedVersion = 1;
  let prevHash = exports.GENESIS_HASH;
  let eventsChecked = 0;
  for await (const event of events) {
    eventsChecked++;
    const intact =
      event.streamId === streamId &&
      event.version === expectedVersion &&
      event.prevHash === prevHash &&
      hashEvent({ ...event, prevHash }) === event.hash;
    if (!intact) {
      return { valid: false, eventsChecked, headHash: null, firstInvalidVersion: expectedVersion };
    }
    prevHash = event.hash;
    expectedVersion++;
  }
  return { valid: true, eventsChecked, headHash: eventsChecked > 0 ? prevHash : null };
}
//# sourceMappingURL=hash-chain.js.map
