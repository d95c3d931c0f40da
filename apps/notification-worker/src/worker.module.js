'use strict';
var __decorate =
  (this && this.__decorate) ||
  function (decorators, target, key, desc) {
    var c = arguments.length,
      r =
        c < 3
          ? target
          : desc === null
            ? (desc = Object.getOwnPropertyDescriptor(target, key))
            : desc,
      d;
    if (typeof Reflect === 'object' && typeof Reflect.decorate === 'function')
      r = Reflect.decorate(decorators, target, key, desc);
    else
      for (var i = decorators.length - 1; i >= 0; i--)
        if ((d = decorators[i]))
          r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return (c > 3 && r && Object.defineProperty(target, key, r), r);
  };
Object.defineProperty(exports, '__esModule', { value: true });
exports.WorkerModule = void 0;
const common_1 = require('@nestjs/common');
const config_1 = require('../../../config/src/index.js');
const database_1 = require('../../../libs/database/src/index.js');
const event_store_1 = require('../../../libs/event-store/src/index.js');
const health_1 = require('../../../libs/health/src/index.js');
const logging_1 = require('../../../libs/logging/src/index.js');
const redis_1 = require('../../../libs/redis/src/index.js');
let WorkerModule = class WorkerModule {};
exports.WorkerModule = WorkerModule;
exports.WorkerModule = WorkerModule = __decorate(
  [
    (0, common_1.Module)({
      imports: [
        config_1.AppConfigModule.forRoot(),
        logging_1.LoggingModule,
        database_1.DatabaseModule,
        event_store_1.EventStoreModule,
        redis_1.RedisModule,
        health_1.HealthModule,
      ],
    }),
  ],
  WorkerModule,
);
//# sourceMappingURL=worker.module.js.map
