'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=erasure.commands.js.map
