'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.toMillis = toMillis;
exports.addHours = addHours;
exports.addDays = addDays;
exports.isAfter = isAfter;
const HOUR_MS = 60 * 60 * 1000;
function toMillis(timestamp) {
  return Date.parse(timestamp);
}
function addHours(timestamp, hours) {
  return new Date(toMillis(timestamp) + hours * HOUR_MS).toISOString();
}
function addDays(timestamp, days) {
  return addHours(timestamp, days * 24);
}
function isAfter(timestamp, other) {
  return toMillis(timestamp) > toMillis(other);
}
//# sourceMappingURL=time.js.map
