import { BusinessRuleViolationError } from '../errors';
import { isCode } from '../codes';
import { textViolation } from '../text';

/**
 * The REST layer validates shapes first; these checks keep the domain from recording nonsense
 * when it is called some other way (worker, scripts, tests). Messages name the field, never the
 * offending value, which may be free text typed about a victim.
 */

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BusinessRuleViolationError(`${field} must be a non-empty text`, field);
  }
  const violation = textViolation(value, { multiline: true });
  if (violation) throw new BusinessRuleViolationError(`${field} ${violation}`, field);
  return value;
}

export function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : requireText(value, field);
}

export function requireCode<T extends string>(
  codes: readonly T[],
  value: unknown,
  field: string,
): T {
  if (!isCode(codes, value)) {
    throw new BusinessRuleViolationError(`${field} is not one of the allowed codes`, field);
  }
  return value;
}

export function requireCodeList<T extends string>(
  codes: readonly T[],
  values: unknown,
  field: string,
  options: { allowEmpty: boolean },
): T[] {
  const list = requireDistinctList(values, field, options);
  return list.map((value) => requireCode(codes, value, field));
}

export function requireTextList(values: unknown, field: string): string[] {
  const list = requireDistinctList(values, field, { allowEmpty: true });
  return list.map((value) => requireText(value, field));
}

export function requireTimestamp(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
    throw new BusinessRuleViolationError(`${field} must be an ISO-8601 timestamp with zone`, field);
  }
  return value;
}

export function requirePositiveNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new BusinessRuleViolationError(`${field} must be a positive number`, field);
  }
  return value;
}

function requireDistinctList(
  values: unknown,
  field: string,
  { allowEmpty }: { allowEmpty: boolean },
): unknown[] {
  if (!Array.isArray(values) || (!allowEmpty && values.length === 0)) {
    throw new BusinessRuleViolationError(
      `${field} must be a ${allowEmpty ? '' : 'non-empty '}list`,
      field,
    );
  }
  if (new Set(values).size !== values.length) {
    throw new BusinessRuleViolationError(`${field} must not repeat an entry`, field);
  }
  return values;
}
