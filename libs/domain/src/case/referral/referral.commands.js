'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=referral.commands.js.map
