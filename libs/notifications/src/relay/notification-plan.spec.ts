import { CaseEvent } from '@app/domain';
import { Handoff, handoffNamedBy, notificationIdOf, planNotifications } from './notification-plan';

const CASE = '0193a0e0-0000-7000-8000-000000000001';
const REFERRAL = '0193a0e0-0000-7000-8000-0000000000a1';
const TRANSFER = '0193a0e0-0000-7000-8000-0000000000b1';
const requested = {
  type: 'referral.requested.v1',
  data: {
    referralId: REFERRAL,
    fromAgencyId: 'fia-lahore',
    toAgencyId: 'dar-ul-aman-lahore',
    services: ['shelter'],
    urgency: 'emergency',
    reason: 'Zarmeena needs a bed tonight',
    requestedAt: '2026-12-01T08:00:00.000Z',
    acknowledgeBy: '2026-12-01T12:00:00.000Z',
  },
} as CaseEvent;

const plan = (event: CaseEvent, known = new Map<string, Handoff>()) =>
  planNotifications(CASE, 'event-1', event, known);

describe('which webhooks an event calls for', () => {
  const handoff = plan(requested).handoff!;
  const known = new Map([[REFERRAL, handoff]]);

  it('tells the receiver of a referral, with its hand-off and never its reason', () => {
    const { notifications } = plan(requested);
    expect(notifications).toEqual([
      {
        notificationId: notificationIdOf(
          'event/event-1',
          'referral.requested',
          'dar-ul-aman-lahore',
        ),
        type: 'referral.requested',
        agencyId: 'dar-ul-aman-lahore',
        caseId: CASE,
        referralId: REFERRAL,
        transferId: undefined,
        source: 'event/event-1',
        data: {
          caseId: CASE,
          referralId: REFERRAL,
          fromAgencyId: 'fia-lahore',
          toAgencyId: 'dar-ul-aman-lahore',
          services: ['shelter'],
          urgency: 'emergency',
          acknowledgeBy: '2026-12-01T12:00:00.000Z',
          status: 'requested',
        },
      },
    ]);
    expect(JSON.stringify(notifications)).not.toContain('Zarmeena');
  });

  it.each([
    ['referral.acknowledged.v1', 'referral.acknowledged', 'acknowledged'],
    ['referral.accepted.v1', 'referral.accepted', 'accepted'],
    ['referral.declined.v1', 'referral.declined', 'declined'],
    ['referral.completed.v1', 'referral.completed', 'completed'],
  ])('tells the sender of %s', (eventType, type, status) => {
    const event = {
      type: eventType,
      data: { referralId: REFERRAL, note: 'private note' },
    } as CaseEvent;
    expect(handoffNamedBy(event)).toBe(REFERRAL);
    const [notification] = plan(event, known).notifications;
    expect(notification).toMatchObject({ type, agencyId: 'fia-lahore', data: { status } });
    expect(JSON.stringify(notification)).not.toContain('private note');
    // A referral made before notifications began is not known: nothing is sent for its answers.
    expect(plan(event).notifications).toEqual([]);
  });

  it('tells the receiver of a withdrawal and the sender of a missed deadline', () => {
    const withdrawn = {
      type: 'referral.withdrawn.v1',
      data: {
        referralId: REFERRAL,
        fromAgencyId: 'fia-lahore',
        toAgencyId: 'dar-ul-aman-lahore',
        reason: 'x',
        withdrawnAt: 'now',
      },
    } as CaseEvent;
    expect(plan(withdrawn, known).notifications[0]).toMatchObject({
      type: 'referral.withdrawn',
      agencyId: 'dar-ul-aman-lahore',
    });
    const overdue = {
      type: 'referral.overdue.v1',
      data: {
        referralId: REFERRAL,
        fromAgencyId: 'fia-lahore',
        toAgencyId: 'dar-ul-aman-lahore',
        acknowledgeBy: 'then',
        markedAt: 'now',
      },
    } as CaseEvent;
    expect(plan(overdue).notifications[0]).toMatchObject({
      type: 'referral.overdue',
      agencyId: 'fia-lahore',
    });
  });

  it('tells of transfers: the receiver of the request, the sender of the answer', () => {
    const transfer = {
      type: 'transfer.requested.v1',
      data: {
        transferId: TRANSFER,
        fromAgencyId: 'fia-lahore',
        toAgencyId: 'police-lahore',
        reason: 'x',
        requestedAt: 'now',
      },
    } as CaseEvent;
    const started = plan(transfer);
    expect(started.notifications[0]).toMatchObject({
      type: 'transfer.requested',
      agencyId: 'police-lahore',
      transferId: TRANSFER,
    });
    const declined = {
      type: 'transfer.declined.v1',
      data: { transferId: TRANSFER, declinedAt: 'now', reason: null },
    } as CaseEvent;
    expect(plan(declined, new Map([[TRANSFER, started.handoff!]])).notifications[0]).toMatchObject({
      type: 'transfer.declined',
      agencyId: 'fia-lahore',
    });
  });

  it('gives the same id to the same event and recipient, and calls for nothing else', () => {
    expect(plan(requested).notifications[0].notificationId).toBe(
      plan(requested).notifications[0].notificationId,
    );
    expect(
      planNotifications(CASE, 'event-2', requested, new Map()).notifications[0].notificationId,
    ).not.toBe(plan(requested).notifications[0].notificationId);
    expect(plan({ type: 'case.closed.v1', data: {} } as CaseEvent).notifications).toEqual([]);
  });
});
