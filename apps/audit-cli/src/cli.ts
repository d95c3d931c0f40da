import { Command, CommanderError } from 'commander';
import { caseAsOf, referralPath } from '@app/audit-trail';
import { DomainError } from '@app/domain';
import {
  CliError,
  EXIT_OK,
  EXIT_USAGE,
  readBundle,
  readPublicKey,
  verifyOrFail,
} from './bundle-file';
import { pathReport, replayReport, verificationReport } from './reports';
import { clean } from './text';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Date, or date and time with a zone: a time without one would be read in the auditor's zone. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function runAuditCli(argv: readonly string[], io: Output): number {
  let exitCode = EXIT_OK;
  const program = new Command('audit')
    .description(
      'Checks a Safe Referral audit bundle offline and shows what it records. ' +
        'Exit codes: 0 valid or shown, 1 the bundle does not verify, 2 unreadable input or bad usage.',
    )
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showHelpAfterError();

  program
    .command('verify')
    .description("Verify a bundle's signature, hash chains, anchor and inclusion proofs.")
    .argument('<bundle>', 'audit bundle JSON file')
    .requiredOption('--public-key <pem-file>', "the server's Ed25519 audit public key (PEM)")
    .action((file: string, options: { publicKey: string }) => {
      const key = readPublicKey(options.publicKey);
      const bundle = readBundle(file);
      io.out(verificationReport(bundle, verifyOrFail(bundle, key)));
    });

  program
    .command('path')
    .description(
      'Show the referral path: each referral and transfer with its timing and notifications.',
    )
    .argument('<bundle>', 'audit bundle JSON file')
    .option('--public-key <pem-file>', 'verify the bundle first and refuse it if it is invalid')
    .action((file: string, options: { publicKey?: string }) => {
      const bundle = loadForReading(file, options.publicKey, io);
      io.out(
        pathReport(
          replayed(() => referralPath(bundle.caseId, bundle.events, bundle.notifications.events)),
        ),
      );
    });

  program
    .command('replay')
    .description('Show the case as it stood at a time (without --as-of: after its last event).')
    .argument('<bundle>', 'audit bundle JSON file')
    .option('--as-of <time>', 'ISO 8601 date or date-time with zone, e.g. 2026-11-20T12:00:00Z')
    .option('--public-key <pem-file>', 'verify the bundle first and refuse it if it is invalid')
    .action((file: string, options: { asOf?: string; publicKey?: string }) => {
      const asOf = options.asOf === undefined ? undefined : parseTime(options.asOf);
      const bundle = loadForReading(file, options.publicKey, io);
      const { state, version } = replayed(() => caseAsOf(bundle.events, asOf));
      const label = asOf === undefined ? 'its last event' : asOf.toISOString();
      io.out(replayReport(bundle.caseId, label, state, version, bundle.events.length));
    });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    } else if (error instanceof CliError) {
      io.err(error.exitCode === EXIT_USAGE ? `error: ${error.message}` : error.message);
      exitCode = error.exitCode;
    } else {
      throw error;
    }
  }
  return exitCode;
}

function loadForReading(file: string, publicKeyFile: string | undefined, io: Output) {
  const key = publicKeyFile === undefined ? undefined : readPublicKey(publicKeyFile);
  const bundle = readBundle(file);
  if (key === undefined) {
    io.err('warning: the bundle was not verified; give --public-key <pem-file> to verify it first');
  } else {
    verifyOrFail(bundle, key);
  }
  return bundle;
}

function parseTime(text: string): Date {
  const time = Date.parse(text);
  if (!ISO_TIME.test(text) || !Number.isFinite(time)) {
    throw new CliError(EXIT_USAGE, `--as-of ${clean(text)} is not an ISO 8601 time with a zone`);
  }
  return new Date(time);
}

/**
 * A bundle can be well formed and still hold events the domain refuses (an unverified file
 * especially). Domain errors name rules and fields only; any other error could quote data.
 */
function replayed<T>(fold: () => T): T {
  try {
    return fold();
  } catch (error) {
    const reason = error instanceof DomainError ? `: ${clean(error.message)}` : '';
    throw new CliError(EXIT_USAGE, `the case events do not replay into a case${reason}`);
  }
}
