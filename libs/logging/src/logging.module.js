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
exports.LoggingModule = exports.REDACTED_PATHS = void 0;
const node_crypto_1 = require('node:crypto');
const common_1 = require('@nestjs/common');
const nestjs_pino_1 = require('nestjs-pino');
const config_1 = require('../../../config/src/index.js');
exports.REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.personal',
  '*.*.personal',
  '*.apiKey',
  '*.secret',
  '*.webhookSecret',
  'err.response',
];
let LoggingModule = class LoggingModule {};
exports.LoggingModule = LoggingModule;
exports.LoggingModule = LoggingModule = __decorate(
  [
    (0, common_1.Module)({
      imports: [
        nestjs_pino_1.LoggerModule.forRootAsync({
          inject: [config_1.AppConfig],
          useFactory: (config) => ({
            pinoHttp: {
              level: config.LOG_LEVEL,
              redact: { paths: exports.REDACTED_PATHS, censor: '[redacted]' },
              genReqId: (req) => {
                const header = req.headers['x-request-id'];
                return typeof header === 'string' && /^[\w-]{1,128}$/.test(header)
                  ? header
                  : (0, node_crypto_1.randomUUID)();
              },
              serializers: {
                req: (req) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                }),
                res: (res) => ({ statusCode: res.statusCode }),
              },
              customProps: (req) => {
                const auth = req.auth;
                return auth ? { agencyId: auth.agencyId, role: auth.role } : {};
              },
              quietReqLogger: true,
            },
          }),
        }),
      ],
    }),
  ],
  LoggingModule,
);
//# sourceMappingURL=logging.module.js.map
