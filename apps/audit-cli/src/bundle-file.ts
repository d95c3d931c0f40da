import { readFileSync } from 'node:fs';
import { KeyObject } from 'node:crypto';
import {
  AuditBundle,
  bundleShapeProblem,
  BundleVerification,
  loadAuditPublicKey,
  verifyBundle,
} from '@app/audit-trail';
import { clean } from './text';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** Ends the command with an exit code and a message for stderr. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Only the error code is reported: a parser's message quotes the file, and the file holds
 * case data.
 */
function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable');
    throw new CliError(EXIT_USAGE, `cannot read the ${what} ${clean(file)}: ${reason}`);
  }
}

export function readBundle(file: string): AuditBundle {
  const text = readText(file, 'bundle');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(EXIT_USAGE, `${clean(file)} is not JSON`);
  }
  const problem = bundleShapeProblem(value);
  if (problem !== null) throw new CliError(EXIT_USAGE, `${clean(file)}: ${problem}`);
  return value as AuditBundle;
}

export function readPublicKey(file: string): KeyObject {
  const pem = readText(file, 'public key');
  try {
    return loadAuditPublicKey(pem);
  } catch (error) {
    throw new CliError(EXIT_USAGE, `${clean(file)}: ${(error as Error).message}`);
  }
}

export function verifyOrFail(
  bundle: AuditBundle,
  publicKey: KeyObject,
): BundleVerification & { valid: true } {
  const result = verifyBundle(bundle, publicKey);
  if (!result.valid) throw new CliError(EXIT_INVALID, `INVALID: ${result.problem}`);
  return result;
}
