'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.UNIQUE_VIOLATION = exports.SQL_CLIENT = void 0;
exports.sqlErrorCode = sqlErrorCode;
exports.SQL_CLIENT = Symbol('SQL_CLIENT');
function sqlErrorCode(error) {
  const code = error?.code;
  return typeof code === 'string' ? code : undefined;
}
exports.UNIQUE_VIOLATION = '23505';
//# sourceMappingURL=sql-client.port.js.map
