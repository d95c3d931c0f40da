/**
 * The webhooks agencies receive. These strings are sent to agencies' systems and stored:
 * never rename one.
 */
export const NOTIFICATION_TYPES = [
  // to the agency a referral or transfer is addressed to
  'referral.requested',
  'referral.withdrawn',
  'referral.reminder',
  'transfer.requested',
  // to the agency that sent it (closed loop)
  'referral.acknowledged',
  'referral.accepted',
  'referral.declined',
  'referral.completed',
  'referral.overdue',
  'referral.notification-failed',
  'transfer.accepted',
  'transfer.declined',
  // to oversight agencies: a copy of each audit anchor's signed root, kept outside this service
  'audit.anchor',
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * A webhook's `data`: ids, agencies, codes and times only. No personal data and no free text
 * (reasons and notes may name a victim), ever.
 */
export interface WebhookData {
  caseId: string;
  referralId?: string;
  transferId?: string;
  fromAgencyId: string;
  toAgencyId: string;
  services?: string[];
  urgency?: string;
  acknowledgeBy?: string;
  status?: string;
}

/** An `audit.anchor` webhook's `data`: the anchor as signed, for the witness to keep. */
export interface AnchorWebhookData {
  anchorId: string;
  merkleRoot: string;
  streamCount: number;
  anchoredAt: string;
  keyId: string;
  signature: string;
}

/** A notification to be recorded: one webhook to one agency. */
export interface NewNotification {
  notificationId: string;
  type: NotificationType;
  agencyId: string;
  /** Null for a webhook about no case (an audit anchor). */
  caseId: string | null;
  referralId?: string;
  transferId?: string;
  /** What caused it: the event's id, or the deadline or failure it reports. */
  source: string;
  data: WebhookData | AnchorWebhookData;
}
