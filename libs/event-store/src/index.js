'use strict';
var __createBinding =
  (this && this.__createBinding) ||
  (Object.create
    ? function (o, m, k, k2) {
        if (k2 === undefined) k2 = k;
        var desc = Object.getOwnPropertyDescriptor(m, k);
        if (!desc || ('get' in desc ? !m.__esModule : desc.writable || desc.configurable)) {
          desc = {
            enumerable: true,
            get: function () {
              return m[k];
            },
          };
        }
        Object.defineProperty(o, k2, desc);
      }
    : function (o, m, k, k2) {
        if (k2 === undefined) k2 = k;
        o[k2] = m[k];
      });
var __exportStar =
  (this && this.__exportStar) ||
  function (m, exports) {
    for (var p in m)
      if (p !== 'default' && !Object.prototype.hasOwnProperty.call(exports, p))
        __createBinding(exports, m, p);
  };
Object.defineProperty(exports, '__esModule', { value: true });
__exportStar(require('./event-store.port'), exports);
__exportStar(require('./errors'), exports);
__exportStar(require('./hash-chain'), exports);
__exportStar(require('./position'), exports);
__exportStar(require('./sql/sql-event-store'), exports);
__exportStar(require('./sql/event-store.migrations'), exports);
__exportStar(require('./kurrentdb/kurrentdb-event-store'), exports);
__exportStar(require('./event-store.module'), exports);
//# sourceMappingURL=index.js.map
