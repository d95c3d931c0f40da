'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=opening.commands.js.map
