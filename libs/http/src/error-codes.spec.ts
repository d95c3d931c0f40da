import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as domain from '@app/domain';
import { ApplicationError } from './application-error';
import { STATUS_BY_CODE, statusOf } from './error-codes';
import { ProblemDetailsFilter } from './problem-details.filter';
import { problem } from './problem';

describe('one code → status table', () => {
  const domainErrors = (Object.values(domain) as unknown[]).filter(
    (value): value is new (message: string) => domain.DomainError =>
      typeof value === 'function' && value.prototype instanceof domain.DomainError,
  );

  it('has every domain error code', () => {
    expect(domainErrors.length).toBeGreaterThanOrEqual(8);
    for (const ErrorClass of domainErrors) {
      expect(Object.keys(STATUS_BY_CODE)).toContain(new ErrorClass('x').code);
    }
  });

  it('answers each coded error with its status, its code and its fields', () => {
    const filter = new ProblemDetailsFilter();
    const rule = new domain.BusinessRuleViolationError('reason must be a non-empty text', 'reason');
    expect(filter.toProblem(rule)).toMatchObject({
      status: 422,
      code: 'business-rule-violation',
      errors: [{ field: 'reason', message: 'reason must be a non-empty text' }],
    });
    const busy = new ApplicationError('case-busy', 'retry', { retryable: true });
    expect(filter.toProblem(busy)).toMatchObject({
      status: 409,
      code: 'case-busy',
      retryable: true,
    });
    // A code no table row has is the service's own fault, never a refusal.
    expect(statusOf('no-such-code')).toBe(500);
  });

  it('gives every problem a code of this table, with the status the table gives it', () => {
    for (const status of [
      400, 401, 403, 404, 405, 408, 409, 412, 413, 414, 415, 422, 429, 431, 500, 503,
    ]) {
      const { code } = problem(status, 'x');
      expect(typeof code).toBe('string');
      expect(statusOf(code as string)).toBe(status);
    }
  });

  it('is the only place that says which status a refusal is: no status numbers elsewhere', () => {
    const libs = join(__dirname, '..', '..');
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) visit(path);
        else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
          const text = readFileSync(path, 'utf8');
          if (
            /ProblemException\.of\(|new HttpException\(|problem\(\d{3}|@Res\(|\.status\(\d{3}\)/.test(
              text,
            )
          ) {
            offenders.push(path.slice(libs.length + 1));
          }
        }
      }
    };
    for (const lib of readdirSync(libs).filter((name) => name !== 'http')) {
      visit(join(libs, lib, 'src'));
    }
    expect(offenders).toEqual([]);
  });
});
