'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=case.events.js.map
