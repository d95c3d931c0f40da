'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=consent.commands.js.map
