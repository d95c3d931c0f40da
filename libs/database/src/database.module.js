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
var DatabaseModule_1;
Object.defineProperty(exports, '__esModule', { value: true });
exports.DatabaseModule = void 0;
exports.openSqlClient = openSqlClient;
const common_1 = require('@nestjs/common');
const config_1 = require('../../../config/src/index.js');
const pg_sql_client_1 = require('./pg-sql-client');
const pglite_sql_client_1 = require('./pglite-sql-client');
const sql_client_port_1 = require('./sql-client.port');
async function openSqlClient(config) {
  if (config.EVENT_STORE === config_1.EventStoreKind.Embedded) {
    return pglite_sql_client_1.PgliteSqlClient.open({ dataDir: config.DATA_DIR });
  }
  return new pg_sql_client_1.PgSqlClient({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    application_name: 'safe-referral',
  });
}
let DatabaseModule = (DatabaseModule_1 = class DatabaseModule {
  sql;
  logger = new common_1.Logger(DatabaseModule_1.name);
  constructor(sql) {
    this.sql = sql;
  }
  async onApplicationShutdown() {
    await this.sql.close();
    this.logger.log(`${this.sql.kind} database closed`);
  }
});
exports.DatabaseModule = DatabaseModule;
exports.DatabaseModule =
  DatabaseModule =
  DatabaseModule_1 =
    __decorate(
      [
        (0, common_1.Global)(),
        (0, common_1.Module)({
          providers: [
            {
              provide: sql_client_port_1.SQL_CLIENT,
              inject: [config_1.AppConfig],
              useFactory: openSqlClient,
            },
          ],
          exports: [sql_client_port_1.SQL_CLIENT],
        }),
        __param(0, (0, common_1.Inject)(sql_client_port_1.SQL_CLIENT)),
        __metadata('design:paramtypes', [Object]),
      ],
      DatabaseModule,
    );
//# sourceMappingURL=database.module.js.map
