import { Urgency } from '../../codes';
import { isAfter } from '../../time';
import { ReferralState } from '../case.state';

/** Hours the receiving agency has to acknowledge, unless the referring agency sets its own. */
export const DEFAULT_ACKNOWLEDGE_WITHIN_HOURS: Readonly<Record<Urgency, number>> = {
  emergency: 4,
  routine: 48,
};

/** Deadline checks run on the worker's clock, which may be ahead of the last recorded event. */
export function isReferralOverdue(referral: ReferralState, now: string): boolean {
  return (
    referral.status === 'requested' && (referral.overdue || isAfter(now, referral.acknowledgeBy))
  );
}
