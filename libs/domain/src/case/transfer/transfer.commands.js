'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=transfer.commands.js.map
