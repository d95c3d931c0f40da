import { Injectable } from '@nestjs/common';

/**
 * What a process adds to its readiness beyond the stores every app checks: whether it cannot
 * work without Redis (the notification worker) or can (the API: commands never need Redis), and
 * figures other modules report in the details (the notification backlog).
 */
@Injectable()
export class Readiness {
  private redisNeeded = false;
  private readonly reports = new Map<string, () => Promise<Record<string, unknown>>>();

  /** Redis down makes this process unready (503) instead of only showing in the details. */
  requireRedis(): void {
    this.redisNeeded = true;
  }

  get redisRequired(): boolean {
    return this.redisNeeded;
  }

  /** Figures shown under `key` in the details; never a reason to be unready. */
  report(key: string, figures: () => Promise<Record<string, unknown>>): void {
    this.reports.set(key, figures);
  }

  get reported(): [string, () => Promise<Record<string, unknown>>][] {
    return [...this.reports];
  }
}
