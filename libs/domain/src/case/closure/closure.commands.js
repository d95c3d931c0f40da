'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=closure.commands.js.map
