import { textViolation } from '@app/domain';
import { FieldError } from './problem';
import { MAX_JSON_DEPTH } from './json-body';

/**
 * The text rule applied to everything a request carries (bodies, query parameters, path
 * parameters, recorded headers), before any DTO sees it: every string, and every field name, is
 * held to the domain's `textViolation`. Line breaks and tabs are allowed only in fields marked
 * `@FreeText()`, which is checked once the DTO classes are known (`singleLineProblems`).
 */

/** Names no DTO has, which JavaScript treats specially: always unknown fields, never dropped. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** A field name shown in an error as it was sent: names, not values typed about a victim. */
const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;

const MAX_ERRORS = 20;

/** How a field is named in errors: `victim.personal.fullName`, `indicators.0`. */
export function fieldPath(parent: string, key: string | number): string {
  const name =
    typeof key === 'number' || PLAIN_NAME.test(key) ? String(key) : '(a field with an odd name)';
  return parent ? `${parent}.${name}` : name;
}

/** The text rule for one value, naming `field`; null when it holds. */
export function textProblem(
  value: string,
  field: string,
  options: { multiline: boolean },
): FieldError | null {
  const message = textViolation(value, options);
  return message ? { field, message } : null;
}

/**
 * Every string and field name in `value` (a parsed body or query), depth-first. Reserved names
 * are unknown fields; beyond MAX_JSON_DEPTH nothing is walked (the body parser refuses deeper
 * bodies already, so only a query could get here).
 */
export function requestTextProblems(value: unknown, root = ''): FieldError[] {
  const problems: FieldError[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (problems.length >= MAX_ERRORS) return;
    if (typeof node === 'string') {
      const problem = textProblem(node, path || 'body', { multiline: true });
      if (problem) problems.push(problem);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth > MAX_JSON_DEPTH) {
      problems.push({ field: path || 'body', message: 'is nested too deeply' });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, fieldPath(path, index), depth + 1));
      return;
    }
    for (const key of Object.keys(node)) {
      const field = fieldPath(path, key);
      if (RESERVED_NAMES.has(key)) {
        problems.push({ field: path ? `${path}.${key}` : key, message: 'is not a known field' });
        continue;
      }
      if (textViolation(key, { multiline: false })) {
        problems.push({ field, message: 'is a field name with characters no field name has' });
        continue;
      }
      walk((node as Record<string, unknown>)[key], field, depth + 1);
    }
  };
  walk(value, root, 0);
  return problems;
}

const freeTextFields = new WeakMap<object, Set<string>>();

/**
 * Marks a DTO property as free text (notes, reasons, rationales, addresses): it may hold line
 * breaks and tabs. Every other string is a single line.
 */
export function FreeText(): PropertyDecorator {
  return (target, key) => {
    const fields = freeTextFields.get(target) ?? new Set<string>();
    fields.add(String(key));
    freeTextFields.set(target, fields);
  };
}

function isFreeText(instance: object, key: string): boolean {
  for (let proto = Object.getPrototypeOf(instance); proto; proto = Object.getPrototypeOf(proto)) {
    if (freeTextFields.get(proto)?.has(key)) return true;
  }
  return false;
}

/** Line breaks or tabs in a validated DTO's strings that are not `@FreeText()`. */
export function singleLineProblems(dto: unknown, root = ''): FieldError[] {
  const problems: FieldError[] = [];
  const walk = (node: unknown, path: string, freeText: boolean): void => {
    if (typeof node === 'string') {
      const problem = freeText ? null : textProblem(node, path, { multiline: false });
      if (problem) problems.push(problem);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, fieldPath(path, index), freeText));
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      walk(item, fieldPath(path, key), isFreeText(node, key));
    }
  };
  walk(dto, root, false);
  return problems;
}
