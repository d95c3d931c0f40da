import { Presets, SingleBar } from 'cli-progress';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export interface ProgressCounts {
  cases: number;
  requests: number;
  errors: number;
}

export interface Progress {
  update(done: number, counts: ProgressCounts): void;
  stop(): void;
}

/**
 * A bar on a terminal; elsewhere (CI, a pipe, a log file) a bar's carriage returns make noise,
 * so a plain line at every tenth of the run instead.
 */
export function startProgress(
  mode: ProgressMode,
  total: number,
  log: (line: string) => void,
  startedAt: number,
): Progress {
  const chosen = mode === 'auto' ? (process.stdout.isTTY ? 'bar' : 'lines') : mode;
  if (chosen === 'none') return { update: () => undefined, stop: () => undefined };
  const rate = (requests: number) =>
    Math.round(requests / Math.max((Date.now() - startedAt) / 1000, 0.001));

  if (chosen === 'bar') {
    const bar = new SingleBar(
      {
        format:
          'cases [{bar}] {value}/{total} | {requests} requests, {rate} req/s | errors {errors} | ETA {eta_formatted}',
        hideCursor: true,
        stream: process.stdout,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, { requests: 0, rate: 0, errors: 0 });
    return {
      update: (done, counts) =>
        bar.update(done, {
          requests: counts.requests,
          rate: rate(counts.requests),
          errors: counts.errors,
        }),
      stop: () => bar.stop(),
    };
  }

  let nextReport = 1;
  return {
    update: (done, counts) => {
      if (done * 10 < nextReport * total && done !== total) return;
      while (nextReport * total <= done * 10) nextReport++;
      log(
        `seeded ${done}/${total} cases, ${counts.requests} requests (${rate(counts.requests)} req/s), ${counts.errors} errors`,
      );
    },
    stop: () => undefined,
  };
}
