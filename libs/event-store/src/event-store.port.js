'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.START_POSITION = exports.EVENT_STORE = void 0;
exports.EVENT_STORE = Symbol('EVENT_STORE');
exports.START_POSITION = Object.freeze({ commit: -1n, prepare: -1n });
//# sourceMappingURL=event-store.port.js.map
