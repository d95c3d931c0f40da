import { v5 as uuidv5 } from 'uuid';
import { CaseEvent } from '@app/domain';
import { NewNotification, NotificationType, WebhookData } from '../shared/notification-types';

const NOTIFICATION_ID_NAMESPACE = '6f0b7e52-3c1d-4a8e-b5f9-2d7c4e1a9b30';

/**
 * A notification's id (and so its webhook-id and its job id): derived from what caused it and who
 * it is for, so an event handled twice, by a replay or a second relay, records and queues it once.
 */
export function notificationIdOf(source: string, type: NotificationType, agencyId: string): string {
  return uuidv5(`${source}/${type}/${agencyId}`, NOTIFICATION_ID_NAMESPACE);
}

/** What the relay remembers of a referral or transfer, to tell its sender of the answers. */
export interface Handoff {
  handoffId: string;
  kind: 'referral' | 'transfer';
  caseId: string;
  fromAgencyId: string;
  toAgencyId: string;
  services: string[] | null;
  urgency: string | null;
  acknowledgeBy: string | null;
}

export interface EventPlan {
  /** A hand-off the event starts, to be remembered. */
  handoff?: Handoff;
  notifications: NewNotification[];
}

/** The referral or transfer an answer names, whose hand-off must be known to plan it. */
export function handoffNamedBy(event: CaseEvent): string | null {
  switch (event.type) {
    case 'referral.acknowledged.v1':
    case 'referral.accepted.v1':
    case 'referral.declined.v1':
    case 'referral.completed.v1':
    case 'referral.withdrawn.v1':
    case 'referral.overdue.v1':
      return event.data.referralId;
    case 'transfer.declined.v1':
    case 'transfer.accepted.v1':
      return event.data.transferId;
    default:
      return null;
  }
}

const ANSWERS = {
  'referral.acknowledged.v1': ['referral.acknowledged', 'acknowledged'],
  'referral.accepted.v1': ['referral.accepted', 'accepted'],
  'referral.declined.v1': ['referral.declined', 'declined'],
  'referral.completed.v1': ['referral.completed', 'completed'],
} as const;

/**
 * Which webhooks a case event calls for, to whom, with which data: the rules of the referral
 * mechanism's closed loop. The receiver hears of a request, a withdrawal and a transfer offered;
 * the sender hears of every answer, of a missed deadline and of a transfer's outcome.
 */
export function planNotifications(
  caseId: string,
  eventId: string,
  event: CaseEvent,
  known: ReadonlyMap<string, Handoff>,
): EventPlan {
  const source = `event/${eventId}`;
  const to = (type: NotificationType, agencyId: string, data: WebhookData): NewNotification => ({
    notificationId: notificationIdOf(source, type, agencyId),
    type,
    agencyId,
    caseId,
    referralId: data.referralId,
    transferId: data.transferId,
    source,
    data,
  });
  const referralData = (handoff: Handoff, status: string): WebhookData => ({
    caseId,
    referralId: handoff.handoffId,
    fromAgencyId: handoff.fromAgencyId,
    toAgencyId: handoff.toAgencyId,
    ...(handoff.services ? { services: handoff.services } : {}),
    ...(handoff.urgency ? { urgency: handoff.urgency } : {}),
    ...(handoff.acknowledgeBy ? { acknowledgeBy: handoff.acknowledgeBy } : {}),
    status,
  });
  /** The hand-off as the relay knows it, or as far as an event that names both agencies tells. */
  const handoffOf = (
    kind: Handoff['kind'],
    handoffId: string,
    fromAgencyId: string,
    toAgencyId: string,
    acknowledgeBy: string | null = null,
  ): Handoff =>
    known.get(handoffId) ?? {
      handoffId,
      kind,
      caseId,
      fromAgencyId,
      toAgencyId,
      services: null,
      urgency: null,
      acknowledgeBy,
    };
  switch (event.type) {
    case 'referral.requested.v1': {
      const handoff: Handoff = {
        handoffId: event.data.referralId,
        kind: 'referral',
        caseId,
        fromAgencyId: event.data.fromAgencyId,
        toAgencyId: event.data.toAgencyId,
        services: event.data.services,
        urgency: event.data.urgency,
        acknowledgeBy: event.data.acknowledgeBy,
      };
      return {
        handoff,
        notifications: [
          to('referral.requested', handoff.toAgencyId, referralData(handoff, 'requested')),
        ],
      };
    }
    case 'referral.withdrawn.v1': {
      const { referralId, fromAgencyId, toAgencyId } = event.data;
      const handoff = handoffOf('referral', referralId, fromAgencyId, toAgencyId);
      return {
        notifications: [
          to('referral.withdrawn', handoff.toAgencyId, referralData(handoff, 'withdrawn')),
        ],
      };
    }
    case 'referral.overdue.v1': {
      const { referralId, fromAgencyId, toAgencyId, acknowledgeBy } = event.data;
      const handoff = handoffOf('referral', referralId, fromAgencyId, toAgencyId, acknowledgeBy);
      return {
        notifications: [
          to('referral.overdue', handoff.fromAgencyId, referralData(handoff, 'requested')),
        ],
      };
    }
    case 'referral.acknowledged.v1':
    case 'referral.accepted.v1':
    case 'referral.declined.v1':
    case 'referral.completed.v1': {
      // A referral requested before notifications began is not known: its sender was never
      // told of it by webhook, and is not told of its answers either.
      const handoff = known.get(event.data.referralId);
      if (!handoff) return { notifications: [] };
      const [type, status] = ANSWERS[event.type];
      return { notifications: [to(type, handoff.fromAgencyId, referralData(handoff, status))] };
    }
    case 'transfer.requested.v1': {
      const { transferId, fromAgencyId, toAgencyId } = event.data;
      const handoff = handoffOf('transfer', transferId, fromAgencyId, toAgencyId);
      return {
        handoff,
        notifications: [
          to('transfer.requested', handoff.toAgencyId, transferData(handoff, 'requested')),
        ],
      };
    }
    case 'transfer.accepted.v1': {
      const { transferId, fromAgencyId, toAgencyId } = event.data;
      const handoff = handoffOf('transfer', transferId, fromAgencyId, toAgencyId);
      return {
        notifications: [
          to('transfer.accepted', handoff.fromAgencyId, transferData(handoff, 'accepted')),
        ],
      };
    }
    case 'transfer.declined.v1': {
      const handoff = known.get(event.data.transferId);
      if (!handoff) return { notifications: [] };
      return {
        notifications: [
          to('transfer.declined', handoff.fromAgencyId, transferData(handoff, 'declined')),
        ],
      };
    }
    default:
      return { notifications: [] };
  }

  function transferData(handoff: Handoff, status: string): WebhookData {
    return {
      caseId,
      transferId: handoff.handoffId,
      fromAgencyId: handoff.fromAgencyId,
      toAgencyId: handoff.toAgencyId,
      status,
    };
  }
}
