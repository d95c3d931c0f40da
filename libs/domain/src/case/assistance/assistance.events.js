'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=assistance.events.js.map
