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
exports.EventStoreModule = void 0;
exports.createEventStore = createEventStore;
const common_1 = require('@nestjs/common');
const config_1 = require('../../../config/src/index.js');
const database_1 = require('../../database/src/index.js');
const event_store_port_1 = require('./event-store.port');
const kurrentdb_event_store_1 = require('./kurrentdb/kurrentdb-event-store');
const event_store_migrations_1 = require('./sql/event-store.migrations');
const sql_event_store_1 = require('./sql/sql-event-store');
async function createEventStore(config, sql) {
  const defaults = { pollIntervalMs: config.SUBSCRIPTION_POLL_INTERVAL_MS };
  if (config.EVENT_STORE === config_1.EventStoreKind.KurrentDb) {
    await (0, database_1.migrate)(sql, event_store_migrations_1.CHECKPOINT_MIGRATIONS);
    return kurrentdb_event_store_1.KurrentDbEventStore.connect(
      config.KURRENTDB_CONNECTION_STRING,
      sql,
      defaults,
    );
  }
  await (0, database_1.migrate)(sql, event_store_migrations_1.EVENT_STORE_MIGRATIONS);
  return new sql_event_store_1.SqlEventStore(sql, defaults);
}
let EventStoreModule = class EventStoreModule {
  store;
  constructor(store) {
    this.store = store;
  }
  async beforeApplicationShutdown() {
    await this.store.close();
  }
  async onApplicationShutdown() {
    await this.store.close();
  }
};
exports.EventStoreModule = EventStoreModule;
exports.EventStoreModule = EventStoreModule = __decorate(
  [
    (0, common_1.Global)(),
    (0, common_1.Module)({
      providers: [
        {
          provide: event_store_port_1.EVENT_STORE,
          inject: [config_1.AppConfig, database_1.SQL_CLIENT],
          useFactory: createEventStore,
        },
      ],
      exports: [event_store_port_1.EVENT_STORE],
    }),
    __param(0, (0, common_1.Inject)(event_store_port_1.EVENT_STORE)),
    __metadata('design:paramtypes', [Object]),
  ],
  EventStoreModule,
);
//# sourceMappingURL=event-store.module.js.map
