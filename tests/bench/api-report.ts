/** The Markdown table `npm run bench:api` prints, with each command scenario held to the targets. */
import type { LoadResult } from './api-load';
import { CpuShare } from './cpu';

export const TARGET_RATE = 1_000;
export const TARGET_P99_MS = 100;
export const DRAIN_TIMEOUT_MS = 20_000;

export interface Row {
  scenario: string;
  connections: number;
  result: LoadResult;
  cpu: CpuShare;
  /** Commands are held to the targets; reads are not. */
  command: boolean;
  drainMs?: number | null;
}

export const number = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';

function verdict(rate: number, p99Ms: number): string {
  const misses = [
    rate < TARGET_RATE ? `< ${number(TARGET_RATE)}/s` : '',
    p99Ms > TARGET_P99_MS ? `p99 > ${TARGET_P99_MS} ms` : '',
  ].filter(Boolean);
  return misses.length === 0 ? 'PASS' : `BELOW (${misses.join(', ')})`;
}

export function table(rows: Row[]): string {
  const lines = [
    '| scenario | conn | requests | req/s | p50 ms | p99 ms | max ms | errors (non-2xx) | target | API CPU ms/req | cores: API · PG · load · other | read-model catch-up |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|',
  ];
  for (const { scenario, connections, result: r, cpu, command, drainMs } of rows) {
    const rate = r.ok / r.seconds;
    const failures = r.requests - r.ok + r.errors + r.timeouts;
    const other = Object.entries(r.statuses)
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, count]) => `${count}×${status}`);
    if (r.errors) other.push(`${r.errors} socket errors`);
    if (r.timeouts) other.push(`${r.timeouts} timeouts`);
    const cells = [
      scenario,
      String(connections),
      number(r.requests),
      number(rate),
      number(r.p50Ms, 1),
      number(r.p99Ms, 1),
      number(r.maxMs, 1),
      failures === 0 ? '0' : `${failures} (${other.join(', ')})`,
      command ? verdict(rate, r.p99Ms) : '',
      number(cpu.apiMsPerRequest, 2),
      [cpu.api, cpu.postgres, cpu.load, cpu.other].map((c) => number(c, 2)).join(' · '),
      drainMs === undefined
        ? ''
        : drainMs === null
          ? `> ${DRAIN_TIMEOUT_MS / 1_000} s`
          : `${number(drainMs / 1_000, 1)} s`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
