import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgencyRegistry } from '@app/access';
import { Queryable, SQL_CLIENT, SqlClient } from '@app/database';
import { CaseEvent, caseIdOfStream, upcast } from '@app/domain';
import {
  BatchEventHandler,
  EVENT_STORE,
  EventStore,
  RecordedEvent,
  SubscriptionRunner,
} from '@app/event-store';
import { NotificationLedger } from '../shared/notification-ledger';
import { NotificationQueue } from '../shared/notification-queue';
import { NotificationRepository } from '../shared/notification.repository';
import { NewNotification } from '../shared/notification-types';
import { Handoff, handoffNamedBy, planNotifications } from './notification-plan';

/**
 * The outbox relay: turns the case events that call for a webhook into one `notifications` row
 * per recipient (in one transaction per batch, with the hand-offs it must remember), records
 * them as owed in their cases' notifications streams, then queues one job per new row. Rows come first: a batch replayed after a crash finds its rows there and
 * queues nothing twice, and a row whose job could not be queued (Redis down) stays pending for
 * the worker's reconciler. Commands never wait for any of this.
 */
@Injectable()
export class NotificationRelay implements BatchEventHandler {
  private readonly logger = new Logger(NotificationRelay.name);
  private queueDown = false;

  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly agencies: AgencyRegistry,
    private readonly notifications: NotificationRepository,
    private readonly ledger: NotificationLedger,
    private readonly queue: NotificationQueue,
  ) {}

  async handleBatch(events: RecordedEvent[]): Promise<void> {
    const caseEvents: { caseId: string; eventId: string; event: CaseEvent }[] = [];
    for (const recorded of events) {
      const caseId = caseIdOfStream(recorded.streamId);
      if (!caseId) continue;
      const event = this.upcasted(recorded);
      if (event) caseEvents.push({ caseId, eventId: recorded.eventId, event });
    }
    if (caseEvents.length === 0) return;
    const { owed, created } = await this.sql.transaction(async (tx) => {
      const named = caseEvents
        .map(({ event }) => handoffNamedBy(event))
        .filter((id): id is string => id !== null);
      const known = await loadHandoffs(tx, named);
      const planned: NewNotification[] = [];
      const started: Handoff[] = [];
      for (const { caseId, eventId, event } of caseEvents) {
        const plan = planNotifications(caseId, eventId, event, known);
        if (plan.handoff) {
          known.set(plan.handoff.handoffId, plan.handoff);
          started.push(plan.handoff);
        }
        planned.push(...plan.notifications);
      }
      await saveHandoffs(tx, started);
      // Only agencies that registered a webhook are notified.
      const reachable = await this.agencies.withWebhooks(
        [...new Set(planned.map((n) => n.agencyId))],
        tx,
      );
      const owed = planned.filter((n) => reachable.has(n.agencyId));
      return { owed, created: await this.notifications.insert(tx, owed) };
    });
    // Every notification owed, not only the new rows: a batch replayed after a crash between
    // the two records what it had not (the ledger's event ids make the rest a no-op).
    await this.ledger.owed(owed);
    await this.enqueue(created);
  }

  private async enqueue(notificationIds: string[]): Promise<void> {
    if (notificationIds.length === 0) return;
    const queued = await this.queue.enqueue(notificationIds);
    if (!queued && !this.queueDown) {
      this.logger.warn('notification queue unavailable: notifications wait as pending');
    } else if (queued && this.queueDown) {
      this.logger.log('notification queue available again');
    }
    this.queueDown = !queued;
  }

  /** An event no code knows how to read calls for no webhook: it is passed over, once. */
  private upcasted(recorded: RecordedEvent): CaseEvent | null {
    try {
      return upcast(recorded.type, recorded.data);
    } catch {
      this.logger.warn(`event ${recorded.eventId} (${recorded.type}) not readable: no webhook`);
      return null;
    }
  }
}

async function loadHandoffs(db: Queryable, ids: string[]): Promise<Map<string, Handoff>> {
  const known = new Map<string, Handoff>();
  if (ids.length === 0) return known;
  const { rows } = await db.query<{
    handoff_id: string;
    kind: 'referral' | 'transfer';
    case_id: string;
    from_agency_id: string;
    to_agency_id: string;
    services: string[] | null;
    urgency: string | null;
    acknowledge_by: string | null;
  }>(`SELECT * FROM notification_handoffs WHERE handoff_id = ANY($1::uuid[])`, [ids]);
  for (const row of rows) {
    known.set(row.handoff_id, {
      handoffId: row.handoff_id,
      kind: row.kind,
      caseId: row.case_id,
      fromAgencyId: row.from_agency_id,
      toAgencyId: row.to_agency_id,
      services: row.services,
      urgency: row.urgency,
      acknowledgeBy: row.acknowledge_by,
    });
  }
  return known;
}

async function saveHandoffs(db: Queryable, handoffs: Handoff[]): Promise<void> {
  if (handoffs.length === 0) return;
  await db.query(
    `INSERT INTO notification_handoffs
       (handoff_id, kind, case_id, from_agency_id, to_agency_id, services, urgency, acknowledge_by)
     SELECT h.handoff_id, h.kind, h.case_id, h.from_agency_id, h.to_agency_id, h.services,
            h.urgency, h.acknowledge_by
       FROM jsonb_to_recordset($1::jsonb) AS h(handoff_id uuid, kind text, case_id uuid,
            from_agency_id text, to_agency_id text, services jsonb, urgency text,
            acknowledge_by text)
     ON CONFLICT (handoff_id) DO NOTHING`,
    [
      JSON.stringify(
        handoffs.map((h) => ({
          handoff_id: h.handoffId,
          kind: h.kind,
          case_id: h.caseId,
          from_agency_id: h.fromAgencyId,
          to_agency_id: h.toAgencyId,
          services: h.services,
          urgency: h.urgency,
          acknowledge_by: h.acknowledgeBy,
        })),
      ),
    ],
  );
}

/**
 * Permanent. A first start begins at the log's head: a deployment that adds notifications does
 * not send the webhooks of every referral ever made.
 */
export const NOTIFICATION_SUBSCRIPTION = 'notifications.v1';

@Injectable()
export class NotificationRelayRunner extends SubscriptionRunner {
  constructor(@Inject(EVENT_STORE) store: EventStore, relay: NotificationRelay) {
    super(store, NOTIFICATION_SUBSCRIPTION, relay, { startAtHead: true });
  }
}
