import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { AgencyRegistry } from '@app/access';
import { CaseCommandRunner, CaseRepository } from '@app/cases';
import { AppConfig } from '@app/config';
import { eachConcurrently, SQL_CLIENT, SqlClient } from '@app/database';
import { DomainError } from '@app/domain';
import { notificationIdOf } from '../relay/notification-plan';
import { NotificationLedger } from '../shared/notification-ledger';
import { NotificationQueue } from '../shared/notification-queue';
import { NewNotification } from '../shared/notification-types';
import { NotificationRepository } from '../shared/notification.repository';

const OVERDUE_OPERATION_NAMESPACE = '9a4e2c71-5b8d-4f3a-8c6e-1d7b9f2a4e63';

/** Notifications pending longer than this without a job are queued again. */
const RECONCILE_AFTER_MS = 5_000;
const BATCH = 500;
/** Case streams read side by side to check reminders against the log. */
const STREAM_READS = 8;

/** The scheduler of the service: the only actor that is not an agency's officer. */
const SCHEDULER = { agencyId: 'system', role: 'system' as const };

interface DueReferral {
  referral_id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  services: string[];
  urgency: string;
  acknowledge_by: Date;
  past_deadline: boolean;
}

/**
 * What Redis alone must never be trusted with, checked every NOTIFICATION_SWEEP_INTERVAL_MS:
 *
 * - **Reconciling**: a notification still pending with no job that will run (Redis was down when
 *   it was recorded, or restarted empty) is queued again under its own id.
 * - **Deadlines**, derived from the referral inbox read model each time, never kept as delayed
 *   jobs only: a referral still `requested` at three quarters of its acknowledgement window gets
 *   `referral.reminder` to its receiver, once (the reminder's id is the referral's); one past its
 *   deadline is marked overdue by the domain's own command through the normal command path,
 *   whose operation id is the referral's, so two workers, or a sweep repeated before the read
 *   model caught up, mark it once. An acknowledged or withdrawn referral is refused by the
 *   domain and never goes overdue.
 */
@Injectable()
export class NotificationSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failing = false;
  private reconciledUpTo: string | null = null;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly config: AppConfig,
    private readonly notifications: NotificationRepository,
    private readonly ledger: NotificationLedger,
    private readonly queue: NotificationQueue,
    private readonly agencies: AgencyRegistry,
    private readonly commands: CaseCommandRunner,
    private readonly cases: CaseRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep now (tests, and the schedule). Deadlines and reconciling fail apart. */
  async sweep(): Promise<void> {
    const [deadlines, reconciled] = await Promise.allSettled([this.deadlines(), this.reconcile()]);
    for (const outcome of [deadlines, reconciled]) {
      if (outcome.status === 'rejected') throw outcome.reason;
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(
          () => {
            if (this.failing) this.logger.log('notification sweeps work again');
            this.failing = false;
          },
          (error: Error) => {
            if (!this.failing) {
              this.logger.warn(`notification sweep failed: ${error.name}; retrying each interval`);
            }
            this.failing = true;
          },
        )
        .finally(() => {
          this.running = null;
          if (this.timer) this.schedule();
        });
    }, this.config.NOTIFICATION_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Goes through the pending notifications a page per sweep, round and round, so that those
   * lost behind a long queue of retrying ones (a receiver down for an hour) are found too.
   */
  private async reconcile(): Promise<void> {
    const owed = await this.notifications.pending(RECONCILE_AFTER_MS, BATCH, this.reconciledUpTo);
    this.reconciledUpTo = owed.length < BATCH ? null : owed[owed.length - 1].seq;
    let queued = 0;
    for (const { notificationId } of owed) {
      const outcome = await this.queue.ensureQueued(notificationId).catch((error: Error) => {
        // Redis down: nothing more can be queued in this sweep.
        if (this.queue.unavailable(error)) throw error;
        return 'present' as const;
      });
      if (outcome !== 'present') queued++;
    }
    if (queued > 0) this.logger.log(`queued ${queued} pending notification(s) again`);
  }

  private async deadlines(): Promise<void> {
    // The inbox read model holds every referral's times and status (libs/projections).
    const { rows } = await this.sql.query<DueReferral>(
      `SELECT r.referral_id, r.case_id, r.from_agency_id, r.to_agency_id, r.services, r.urgency,
              r.acknowledge_by, r.acknowledge_by < now() AS past_deadline
         FROM referral_inbox r
        WHERE r.status = 'requested' AND NOT r.overdue_recorded
          -- A closed case takes no command: its referrals wait for it to be reopened.
          AND EXISTS (SELECT 1 FROM case_summaries c WHERE c.case_id = r.case_id AND c.status = 'open')
          AND r.requested_at IS NOT NULL AND r.acknowledge_by IS NOT NULL
          AND r.acknowledge_by - (r.acknowledge_by - r.requested_at) / 4 <= now()
          AND (r.acknowledge_by < now() OR NOT EXISTS (
                SELECT 1 FROM notifications n WHERE n.source = 'reminder/' || r.referral_id::text))
        ORDER BY r.acknowledge_by
        LIMIT $1`,
      [BATCH],
    );
    const reminders = rows.filter((row) => !row.past_deadline);
    await this.remind(reminders);
    for (const row of rows.filter((r) => r.past_deadline)) {
      // One referral whose case is busy or unreadable holds up no other.
      await this.markOverdue(row).catch((error: Error) => {
        this.logger.warn(`referral ${row.referral_id} not marked overdue yet: ${error.name}`);
      });
    }
  }

  private async remind(candidates: DueReferral[]): Promise<void> {
    if (candidates.length === 0) return;
    const due = await this.stillRequested(candidates);
    if (due.length === 0) return;
    const reachable = await this.agencies.withWebhooks([
      ...new Set(due.map((r) => r.to_agency_id)),
    ]);
    const type = 'referral.reminder';
    const owed: NewNotification[] = due
      .filter((row) => reachable.has(row.to_agency_id))
      .map((row) => {
        const source = `reminder/${row.referral_id}`;
        return {
          notificationId: notificationIdOf(source, type, row.to_agency_id),
          type,
          agencyId: row.to_agency_id,
          caseId: row.case_id,
          referralId: row.referral_id,
          source,
          data: {
            caseId: row.case_id,
            referralId: row.referral_id,
            fromAgencyId: row.from_agency_id,
            toAgencyId: row.to_agency_id,
            services: row.services,
            urgency: row.urgency,
            acknowledgeBy: row.acknowledge_by.toISOString(),
            status: 'requested',
          },
        };
      });
    await this.ledger.record(owed);
  }

  /**
   * The referrals of `due` that their case's stream still has as requested. The inbox follows
   * the log, so it can be behind it: by a poll interval, or by a rebuild's time while one fills
   * its copies. A referral acknowledged, withdrawn or decided meanwhile gets no reminder. (Marking
   * one overdue needs no such look: the command refuses it.) A case that cannot be read is
   * asked again at the next sweep.
   */
  private async stillRequested(due: DueReferral[]): Promise<DueReferral[]> {
    const caseIds = [...new Set(due.map((row) => row.case_id))];
    const requested = new Set<string>();
    await eachConcurrently(caseIds, STREAM_READS, async (caseId) => {
      try {
        const { current } = await this.cases.load(caseId);
        for (const referral of current?.referrals ?? []) {
          if (referral.status === 'requested') requested.add(referral.referralId);
        }
      } catch (error) {
        this.logger.warn(`case of a reminder unreadable this sweep: ${(error as Error).name}`);
      }
    });
    return due.filter((row) => requested.has(row.referral_id));
  }

  private async markOverdue(row: DueReferral): Promise<void> {
    const operationId = uuidv5(`overdue/${row.referral_id}`, OVERDUE_OPERATION_NAMESPACE);
    try {
      await this.commands.decideAndAppend(
        row.case_id,
        { type: 'MarkReferralOverdue', referralId: row.referral_id },
        SCHEDULER,
        {
          // Shared by every sweep and every worker: whichever comes second finds it done.
          operation: { id: operationId, resumed: true },
          idempotencyKey: `overdue/${row.referral_id}`,
          correlationId: `deadline/${row.referral_id}`,
        },
      );
    } catch (error) {
      // Acknowledged or withdrawn meanwhile, or marked by another worker: nothing to do.
      if (error instanceof DomainError) return;
      throw error;
    }
  }
}
