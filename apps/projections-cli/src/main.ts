import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `npm run projections:rebuild -- <name>|--all [--url <base>] [--admin-key <key>]`: asks the
 * running service to rebuild projections from the start of the log (safe while it serves), and
 * follows each rebuild with a progress bar and its events/s.
 */
interface Progress {
  name: string;
  state: 'idle' | 'rebuilding' | 'done' | 'failed';
  eventsHandled: number;
  eventsTotal: number | null;
  eventsPerSecond: number | null;
  step: string | null;
  startedAt: string | null;
  error: string | null;
}

const POLL_MS = 250;
/**
 * How long the CLI waits to hear of its rebuild again. Behind a load balancer some of its polls
 * reach other replicas, which know nothing of it (or of an earlier rebuild of their own).
 */
const UNHEARD_MS = 5 * 60_000;

async function api<T>(base: string, key: string, method: 'GET' | 'POST', path: string): Promise<T> {
  const res = await fetch(new URL(path, base), {
    method,
    headers: { authorization: `Bearer ${key}` },
  });
  const body = (await res.json().catch(() => ({}))) as T & { title?: string; code?: string };
  if (!res.ok) {
    throw new Error(
      `${method} ${path}: HTTP ${res.status}${body.code ? ` ${body.code}` : ''}${body.title ? ` (${body.title})` : ''}`,
    );
  }
  return body;
}

/**
 * Starts the rebuild (of one projection, or of all in one read of the log) and follows it to the
 * end; the rebuilt projections' final progress.
 */
async function rebuild(base: string, key: string, name: string | null): Promise<Progress[]> {
  const started = await api<Progress | { items: Progress[] }>(
    base,
    key,
    'POST',
    name
      ? `/v1/admin/projections/${encodeURIComponent(name)}/rebuild`
      : '/v1/admin/projections/rebuild',
  );
  const begun = 'items' in started ? started.items : [started];
  const names = begun.map((p) => p.name);
  /** This rebuild, by when it started: a status of another rebuild is not its status. */
  const ours = (p: Progress) => begun.some((b) => b.name === p.name && b.startedAt === p.startedAt);
  let heardAt = Date.now();
  const label = names.join(', ');
  const tty = process.stdout.isTTY;
  const bar = tty
    ? new SingleBar(
        {
          format: `${label} [{bar}] {value}/{total} events | {rate} events/s | ETA {eta_formatted} | {step}`,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : null;
  let barStarted = false;
  let lastLine = 0;
  for (;;) {
    const { items } = await api<{ items: Progress[] }>(base, key, 'GET', '/v1/admin/projections');
    const rebuilt = items.filter(ours);
    if (rebuilt.length < names.length) {
      // Another replica answered: it is not the one rebuilding.
      if (Date.now() - heardAt > UNHEARD_MS) {
        throw new Error(
          `${label}: no answer from the replica rebuilding for ${UNHEARD_MS / 60_000} minutes; its GET /v1/admin/projections says how it went.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    heardAt = Date.now();
    // One read of the log feeds them all: they move together.
    const progress = rebuilt[0];
    const total = progress.eventsTotal ?? progress.eventsHandled;
    if (bar && !barStarted) {
      bar.start(Math.max(total, 1), 0, { rate: 0, step: progress.step ?? '' });
      barStarted = true;
    }
    bar?.setTotal(Math.max(total, progress.eventsHandled, 1));
    bar?.update(progress.eventsHandled, {
      rate: progress.eventsPerSecond ?? 0,
      step: progress.step ?? '',
    });
    if (!tty && Date.now() - lastLine > 2_000) {
      out(
        `${label}: ${progress.eventsHandled}/${total} events, ${progress.eventsPerSecond ?? 0} events/s${progress.step ? `, ${progress.step}` : ''}`,
      );
      lastLine = Date.now();
    }
    if (rebuilt.every((p) => p.state === 'done' || p.state === 'failed')) {
      bar?.stop();
      return rebuilt;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function url(value: string): string {
  try {
    return new URL(value).toString();
  } catch {
    throw new InvalidArgumentError('not a URL');
  }
}

async function main(): Promise<void> {
  const program = new Command('projections:rebuild')
    .description('Rebuild projections of a running service from the start of its event log.')
    .argument('[name]', 'the projection (GET /v1/admin/projections lists them)')
    .option('--all', 'every projection, in one read of the log')
    .option('--url <base>', 'the service', url, 'http://127.0.0.1:3000')
    .addOption(
      new Option('--admin-key <key>', "an admin key of the service's administrators").env(
        'BOOTSTRAP_ADMIN_KEY',
      ),
    )
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
  program.parse();
  const options = program.opts<{ all?: boolean; url: string; adminKey?: string }>();
  const [name] = program.args;
  const key = options.adminKey;
  if (!key) {
    err('Give --admin-key, or set BOOTSTRAP_ADMIN_KEY.');
    process.exit(2);
  }
  if (!options.all === !name) {
    err('Name one projection, or give --all.');
    process.exit(2);
  }
  let failed = false;
  for (const done of await rebuild(options.url, key, options.all ? null : name)) {
    if (done.state === 'failed') {
      failed = true;
      err(`${done.name}: failed (${done.error ?? 'unknown error'})`);
    } else {
      out(
        `${done.name}: rebuilt, ${done.eventsHandled} events at ${done.eventsPerSecond ?? 0} events/s`,
      );
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  err(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
