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
var __metadata =
  (this && this.__metadata) ||
  function (k, v) {
    if (typeof Reflect === 'object' && typeof Reflect.metadata === 'function')
      return Reflect.metadata(k, v);
  };
var __param =
  (this && this.__param) ||
  function (paramIndex, decorator) {
    return function (target, key) {
      decorator(target, key, paramIndex);
    };
  };
Object.defineProperty(exports, '__esModule', { value: true });
exports.HealthController = void 0;
const common_1 = require('@nestjs/common');
const swagger_1 = require('@nestjs/swagger');
const terminus_1 = require('@nestjs/terminus');
const ioredis_1 = require('ioredis');
const database_1 = require('../../database/src/index.js');
const event_store_1 = require('../../event-store/src/index.js');
const redis_1 = require('../../redis/src/index.js');
const CHECK_TIMEOUT_MS = 2_000;
function withTimeout(work) {
  return Promise.race([
    work,
    new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}
let HealthController = class HealthController {
  health;
  indicators;
  sql;
  eventStore;
  redis;
  constructor(health, indicators, sql, eventStore, redis) {
    this.health = health;
    this.indicators = indicators;
    this.sql = sql;
    this.eventStore = eventStore;
    this.redis = redis;
  }
  live() {
    return { status: 'ok' };
  }
  ready() {
    return this.health.check([
      () => this.probe('database', () => this.sql.query('SELECT 1')),
      () => this.probe('eventStore', () => this.eventStore.ping()),
      () => this.probe('redis', () => this.redis.ping()),
    ]);
  }
  async probe(key, check) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(check());
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error.message });
    }
  }
};
exports.HealthController = HealthController;
__decorate(
  [
    (0, common_1.Get)('live'),
    (0, swagger_1.ApiOperation)({ summary: 'The process is up (no dependency is checked).' }),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', []),
    __metadata('design:returntype', void 0),
  ],
  HealthController.prototype,
  'live',
  null,
);
__decorate(
  [
    (0, common_1.Get)('ready'),
    (0, terminus_1.HealthCheck)(),
    (0, swagger_1.ApiOperation)({
      summary: 'Every store this process uses answers: database, event store, Redis.',
    }),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', []),
    __metadata('design:returntype', void 0),
  ],
  HealthController.prototype,
  'ready',
  null,
);
exports.HealthController = HealthController = __decorate(
  [
    (0, swagger_1.ApiTags)('health'),
    (0, common_1.Controller)('health'),
    __param(2, (0, common_1.Inject)(database_1.SQL_CLIENT)),
    __param(3, (0, common_1.Inject)(event_store_1.EVENT_STORE)),
    __param(4, (0, common_1.Inject)(redis_1.REDIS)),
    __metadata('design:paramtypes', [
      terminus_1.HealthCheckService,
      terminus_1.HealthIndicatorService,
      Object,
      Object,
      ioredis_1.Redis,
    ]),
  ],
  HealthController,
);
//# sourceMappingURL=health.controller.js.map
