'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.requireText = requireText;
exports.optionalText = optionalText;
exports.requireCode = requireCode;
exports.requireCodeList = requireCodeList;
exports.requireTextList = requireTextList;
exports.requireTimestamp = requireTimestamp;
exports.requirePositiveNumber = requirePositiveNumber;
const errors_1 = require('../errors');
const codes_1 = require('../codes');
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
function requireText(value, field) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new errors_1.BusinessRuleViolationError(`${field} must be a non-empty text`, field);
  }
  return value;
}
function optionalText(value, field) {
  return value === undefined || value === null ? null : requireText(value, field);
}
function requireCode(codes, value, field) {
  if (!(0, codes_1.isCode)(codes, value)) {
    throw new errors_1.BusinessRuleViolationError(
      `${field} is not one of the allowed codes`,
      field,
    );
  }
  return value;
}
function requireCodeList(codes, values, field, options) {
  const list = requireDistinctList(values, field, options);
  return list.map((value) => requireCode(codes, value, field));
}
function requireTextList(values, field) {
  const list = requireDistinctList(values, field, { allowEmpty: true });
  return list.map((value) => requireText(value, field));
}
function requireTimestamp(value, field) {
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
    throw new errors_1.BusinessRuleViolationError(
      `${field} must be an ISO-8601 timestamp with zone`,
      field,
    );
  }
  return value;
}
function requirePositiveNumber(value, field) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new errors_1.BusinessRuleViolationError(`${field} must be a positive number`, field);
  }
  return value;
}
function requireDistinctList(values, field, { allowEmpty }) {
  if (!Array.isArray(values) || (!allowEmpty && values.length === 0)) {
    throw new errors_1.BusinessRuleViolationError(
      `${field} must be a ${allowEmpty ? '' : 'non-empty '}list`,
      field,
    );
  }
  if (new Set(values).size !== values.length) {
    throw new errors_1.BusinessRuleViolationError(`${field} must not repeat an entry`, field);
  }
  return values;
}
//# sourceMappingURL=case.validation.js.map
