'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=transfer.events.js.map
