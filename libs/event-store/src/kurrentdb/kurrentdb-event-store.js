'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.KurrentDbEventStore = void 0;
class KurrentDbEventStore {
  static async connect(_connectionString, _sql, _defaults) {
    throw new Error('KurrentDB adapter not implemented yet');
  }
}
exports.KurrentDbEventStore = KurrentDbEventStore;
//# sourceMappingURL=kurrentdb-event-store.js.map
