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
Object.defineProperty(exports, '__esModule', { value: true });
exports.ConfigValidationError = exports.AppConfig = exports.EventStoreKind = void 0;
exports.loadConfig = loadConfig;
const class_transformer_1 = require('class-transformer');
const class_validator_1 = require('class-validator');
var EventStoreKind;
(function (EventStoreKind) {
  EventStoreKind['Embedded'] = 'embedded';
  EventStoreKind['Postgres'] = 'postgres';
  EventStoreKind['KurrentDb'] = 'kurrentdb';
})(EventStoreKind || (exports.EventStoreKind = EventStoreKind = {}));
const toBoolean = ({ obj, key }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()) : raw;
};
class AppConfig {
  EVENT_STORE = EventStoreKind.Embedded;
  DATA_DIR = './data';
  DATABASE_URL;
  DATABASE_POOL_SIZE = 20;
  KURRENTDB_CONNECTION_STRING;
  REDIS_URL = 'redis://127.0.0.1:6379';
  REDIS_PREFIX = 'safe-referral';
  HOST = '0.0.0.0';
  PORT = 3000;
  WORKER_PORT = 3001;
  RUN_WORKER_IN_PROCESS;
  LOG_LEVEL = 'info';
  SUBSCRIPTION_POLL_INTERVAL_MS = 200;
  get workerInProcess() {
    return this.RUN_WORKER_IN_PROCESS ?? this.EVENT_STORE === EventStoreKind.Embedded;
  }
}
exports.AppConfig = AppConfig;
__decorate(
  [
    (0, class_validator_1.IsEnum)(EventStoreKind, {
      message: 'must be one of embedded, postgres, kurrentdb',
    }),
    __metadata('design:type', String),
  ],
  AppConfig.prototype,
  'EVENT_STORE',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MinLength)(1),
    __metadata('design:type', String),
  ],
  AppConfig.prototype,
  'DATA_DIR',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.ValidateIf)((c) => c.EVENT_STORE !== EventStoreKind.Embedded),
    (0, class_validator_1.Matches)(/^postgres(ql)?:\/\//, {
      message: 'must be a postgres:// connection URL',
    }),
    __metadata('design:type', String),
  ],
  AppConfig.prototype,
  'DATABASE_URL',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(500),
    __metadata('design:type', Number),
  ],
  AppConfig.prototype,
  'DATABASE_POOL_SIZE',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.ValidateIf)((c) => c.EVENT_STORE === EventStoreKind.KurrentDb),
    (0, class_validator_1.Matches)(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, {
      message: 'must be a kurrentdb:// (or esdb://) connection string',
    }),
    __metadata('design:type', String),
  ],
  AppConfig.prototype,
  'KURRENTDB_CONNECTION_STRING',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.Matches)(/^rediss?:\/\//, { message: 'must be a redis:// URL' }),
    __metadata('design:type', String),
  ],
  AppConfig.prototype,
  'REDIS_URL',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.Matches)(/^[a-zA-Z0-9:_-]+$/, {
      message: 'may contain letters, digits, ":", "_" and "-" only',
    }),
    __metadata('design:type', String),
  ],
  AppConfig.prototype,
  'REDIS_PREFIX',
  void 0,
);
__decorate(
  [(0, class_validator_1.IsString)(), __metadata('design:type', String)],
  AppConfig.prototype,
  'HOST',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    (0, class_validator_1.Max)(65535),
    __metadata('design:type', Number),
  ],
  AppConfig.prototype,
  'PORT',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    (0, class_validator_1.Max)(65535),
    __metadata('design:type', Number),
  ],
  AppConfig.prototype,
  'WORKER_PORT',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.IsOptional)(),
    (0, class_transformer_1.Transform)(toBoolean),
    (0, class_validator_1.IsBoolean)(),
    __metadata('design:type', Boolean),
  ],
  AppConfig.prototype,
  'RUN_WORKER_IN_PROCESS',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.IsEnum)(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    __metadata('design:type', String),
  ],
  AppConfig.prototype,
  'LOG_LEVEL',
  void 0,
);
__decorate(
  [
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(10),
    (0, class_validator_1.Max)(60000),
    __metadata('design:type', Number),
  ],
  AppConfig.prototype,
  'SUBSCRIPTION_POLL_INTERVAL_MS',
  void 0,
);
class ConfigValidationError extends Error {
  problems;
  constructor(problems) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
    this.name = 'ConfigValidationError';
  }
}
exports.ConfigValidationError = ConfigValidationError;
function loadConfig(env) {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = (0, class_transformer_1.plainToInstance)(AppConfig, defined, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const errors = (0, class_validator_1.validateSync)(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return config;
}
//# sourceMappingURL=app.config.js.map
