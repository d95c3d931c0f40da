'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.comparePositions = comparePositions;
exports.formatPosition = formatPosition;
exports.parsePosition = parsePosition;
exports.isStart = isStart;
const event_store_port_1 = require('./event-store.port');
function comparePositions(a, b) {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
function formatPosition(position) {
  return `${position.commit}/${position.prepare}`;
}
function parsePosition(text) {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(text);
  if (!match) throw new Error(`not a stored position: ${text}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
function isStart(position) {
  return comparePositions(position, event_store_port_1.START_POSITION) === 0;
}
//# sourceMappingURL=position.js.map
