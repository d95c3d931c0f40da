'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=screening.events.js.map
