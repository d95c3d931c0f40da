'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=closure.events.js.map
