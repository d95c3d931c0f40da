'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=screening.commands.js.map
