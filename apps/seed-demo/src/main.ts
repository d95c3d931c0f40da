import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_SEED,
  DEFAULT_URL,
  formatSummary,
  seedDemo,
  SeedRefusedError,
} from './seed-demo';

const EXIT_OK = 0;
/** Refused before writing, or some commands failed. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const wholeNumber = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
};

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('seed:demo')
    .description(
      'Fills a local Safe Referral service with fictitious agencies, cases and referrals through its REST API. ' +
        'Exit codes: 0 done, 1 refused or some requests failed, 2 bad usage.',
    )
    .requiredOption('--cases <n>', 'how many cases to make', wholeNumber)
    .option('--url <base>', 'the service', DEFAULT_URL)
    .addOption(
      new Option('--admin-key <key>', "the service's bootstrap admin key").env(
        'BOOTSTRAP_ADMIN_KEY',
      ),
    )
    .option('--force', 'write even to a service that holds other data, or is not on this machine')
    .option('--seed <n>', 'the same seed makes the same shape of data', wholeNumber, DEFAULT_SEED)
    .option(
      '--concurrency <n>',
      'requests in flight at once (1-64)',
      wholeNumber,
      DEFAULT_CONCURRENCY,
    )
    .option('--keys-file <file>', "write the demo agencies' API keys to this file (mode 0600)")
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
  const options = program.opts<{
    cases: number;
    url: string;
    adminKey?: string;
    force?: boolean;
    seed: number;
    concurrency: number;
    keysFile?: string;
  }>();

  try {
    const summary = await seedDemo({
      ...options,
      progress: 'auto',
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${formatSummary(summary)}\n`);
    return summary.errors.length === 0 ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (error instanceof SeedRefusedError) {
      process.stderr.write(`seed:demo: ${error.message}\n`);
      return EXIT_FAILED;
    }
    process.stderr.write(`seed:demo failed: ${(error as Error).message}\n`);
    return EXIT_FAILED;
  }
}

// exitCode rather than exit(): the summary is written out in full when piped.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`seed:demo failed: ${(error as Error).message}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
