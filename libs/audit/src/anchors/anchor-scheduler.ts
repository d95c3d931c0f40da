import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { errorSummary } from '@app/event-store';
import { AnchorWitnesses } from './anchor-witnesses';
import { AuditAnchors } from './audit-anchors';

/** Looked at this often at most, so a process started late anchors on time. */
const MAX_TICK_MS = 60_000;

/**
 * Makes an anchor every AUDIT_ANCHOR_INTERVAL_MS (the newest anchor's age decides, whichever
 * process made it), and makes sure the oversight agencies are told of the newest one.
 */
@Injectable()
export class AnchorScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnchorScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly anchors: AuditAnchors,
    private readonly witnesses: AnchorWitnesses,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(this.config.AUDIT_ANCHOR_INTERVAL_MS, MAX_TICK_MS);
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One look: anchor if due, and tell the witnesses of the newest anchor. */
  tick(): Promise<void> {
    this.running ??= this.look().finally(() => (this.running = null));
    return this.running;
  }

  private async look(): Promise<void> {
    try {
      let anchor = await this.anchors.latest();
      const age = anchor ? Date.now() - Date.parse(anchor.anchoredAt) : Infinity;
      if (age >= this.config.AUDIT_ANCHOR_INTERVAL_MS) {
        anchor = await this.anchors.make(this.config.AUDIT_ANCHOR_INTERVAL_MS);
      }
      if (anchor) await this.witnesses.tell(anchor);
    } catch (error) {
      this.logger.warn(`audit anchor not made or not sent yet: ${errorSummary(error)}`);
    }
  }
}
