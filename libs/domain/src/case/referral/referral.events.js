'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
//# sourceMappingURL=referral.events.js.map
