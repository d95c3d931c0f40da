'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=consent.events.js.map
