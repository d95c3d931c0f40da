import {
  caseOpened,
  CASE_ID,
  LEAD,
  REFERRAL_ID,
  referralAccepted,
  referralAcknowledged,
  referralDeclined,
  referralOverdue,
  referralRequested,
  SHELTER,
  transferAccepted,
  transferRequested,
  TRANSFER_ID,
} from '../../domain/src/case/testing/case.fixtures';
import { caseAsOf, hoursBetween, referralPath, StoredEvent } from './referral-path';

const SECOND = '0193a0e0-0000-7000-8000-0000000000r2';

/** Events as a stream holds them, recorded at the times given. */
function stream(...events: Array<[{ type: string; data: unknown }, string]>): StoredEvent[] {
  return events.map(([event, recordedAt], i) => ({
    version: i + 1,
    eventId: `0193a0e0-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
    type: event.type,
    recordedAt,
    data: JSON.parse(JSON.stringify(event.data)),
    metadata: { recordedAt },
  }));
}

const notification = (type: string, data: Record<string, unknown>) => ({ type, data });

describe('referralPath', () => {
  const caseEvents = stream(
    [caseOpened(), '2026-11-20T08:00:00.000Z'],
    [referralRequested({ requestedAt: '2026-11-20T08:00:00.000Z' }), '2026-11-20T08:00:00.000Z'],
    [
      {
        ...referralAcknowledged(),
        data: { referralId: REFERRAL_ID, acknowledgedAt: '2026-11-20T09:15:00.000Z' },
      },
      '2026-11-20T09:15:00.000Z',
    ],
    [
      {
        ...referralAccepted(),
        data: { referralId: REFERRAL_ID, acceptedAt: '2026-11-20T10:30:00.000Z', note: null },
      },
      '2026-11-20T10:30:00.000Z',
    ],
    [
      referralRequested({
        referralId: SECOND,
        toAgencyId: 'ngo-roshni',
        requestedAt: '2026-11-20T11:00:00.000Z',
        acknowledgeBy: '2026-11-20T15:00:00.000Z',
      }),
      '2026-11-20T11:00:00.000Z',
    ],
    [
      {
        ...referralOverdue(SECOND),
        data: { ...referralOverdue(SECOND).data, markedAt: '2026-11-20T15:00:02.000Z' },
      },
      '2026-11-20T15:00:02.000Z',
    ],
    [
      {
        ...referralDeclined(SECOND),
        data: { ...referralDeclined(SECOND).data, declinedAt: '2026-11-20T16:00:00.000Z' },
      },
      '2026-11-20T16:00:00.000Z',
    ],
    [transferRequested({ requestedAt: '2026-11-21T08:00:00.000Z' }), '2026-11-21T08:00:00.000Z'],
    [
      {
        ...transferAccepted(),
        data: { ...transferAccepted().data, acceptedAt: '2026-11-21T09:30:00.000Z' },
      },
      '2026-11-21T09:30:00.000Z',
    ],
  );
  const toShelter = {
    notificationId: 'n-1',
    type: 'referral.requested',
    agencyId: SHELTER,
    referralId: REFERRAL_ID,
  };
  const toNgo = {
    notificationId: 'n-2',
    type: 'referral.requested',
    agencyId: 'ngo-roshni',
    referralId: SECOND,
  };
  const transferHook = {
    notificationId: 'n-3',
    type: 'transfer.requested',
    agencyId: 'x',
    transferId: TRANSFER_ID,
  };
  const notificationEvents = stream(
    [notification('notification.requested.v1', toShelter), '2026-11-20T08:00:00.100Z'],
    [
      notification('notification.delivered.v1', {
        ...toShelter,
        attempts: 1,
        firstAttemptAt: '2026-11-20T08:00:00.200Z',
        lastAttemptAt: '2026-11-20T08:00:00.200Z',
        deliveredAt: '2026-11-20T08:00:00.200Z',
        lastStatusCode: 204,
        durationMs: 12,
      }),
      '2026-11-20T08:00:00.300Z',
    ],
    [notification('notification.requested.v1', toNgo), '2026-11-20T11:00:00.100Z'],
    [
      notification('notification.failed.v1', {
        ...toNgo,
        attempts: 12,
        firstAttemptAt: '2026-11-20T11:00:00.200Z',
        lastAttemptAt: '2026-11-20T13:00:00.000Z',
        lastStatusCode: 500,
        durationMs: 30,
      }),
      '2026-11-20T13:00:00.100Z',
    ],
    [notification('notification.requested.v1', transferHook), '2026-11-21T08:00:00.100Z'],
  );

  it('lists every hand-off in order with hours, overdue marks and notification outcomes', () => {
    const path = referralPath(CASE_ID, caseEvents, notificationEvents);

    expect(path.version).toBe(caseEvents.length);
    expect(path.items.map((i) => [i.referralId, i.status])).toEqual([
      [REFERRAL_ID, 'accepted'],
      [SECOND, 'declined'],
    ]);
    expect(path.items[0]).toMatchObject({
      fromAgencyId: LEAD,
      toAgencyId: SHELTER,
      hoursToAcknowledge: 1.25,
      hoursToDecision: 2.5,
      overdue: false,
      notifications: [
        {
          notificationId: 'n-1',
          status: 'delivered',
          attempts: 1,
          lastStatusCode: 204,
          deliveredAt: '2026-11-20T08:00:00.200Z',
        },
      ],
    });
    expect(path.items[0]).not.toHaveProperty('overdueRecordedAt');
    expect(path.items[1]).toMatchObject({
      overdue: true,
      overdueRecordedAt: '2026-11-20T15:00:02.000Z',
      declineReason: 'no-capacity',
      hoursToDecision: 5,
      notifications: [
        { notificationId: 'n-2', status: 'failed', attempts: 12, lastStatusCode: 500 },
      ],
    });
    expect(path.items[1]).not.toHaveProperty('hoursToAcknowledge');
    expect(path.transfers).toEqual([
      expect.objectContaining({
        transferId: TRANSFER_ID,
        status: 'accepted',
        hoursToDecision: 1.5,
        notifications: [
          {
            notificationId: 'n-3',
            type: 'transfer.requested',
            agencyId: 'x',
            status: 'pending',
            attempts: 0,
          },
        ],
      }),
    ]);
  });

  it('replays both streams to a moment: later answers and outcomes are not yet there', () => {
    const path = referralPath(
      CASE_ID,
      caseEvents,
      notificationEvents,
      new Date('2026-11-20T08:00:00.150Z'),
    );

    expect(path.version).toBe(2);
    expect(path.items).toHaveLength(1);
    expect(path.items[0]).toMatchObject({ status: 'requested', overdue: false });
    expect(path.items[0]).not.toHaveProperty('hoursToAcknowledge');
    expect(path.items[0].notifications).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 0 }),
    ]);
    expect(path.transfers).toEqual([]);
  });

  it('is empty before the case existed', () => {
    expect(
      referralPath(CASE_ID, caseEvents, notificationEvents, new Date('2026-01-01T00:00:00Z')),
    ).toEqual({
      caseId: CASE_ID,
      version: 0,
      items: [],
      transfers: [],
    });
    expect(caseAsOf(caseEvents, new Date('2026-01-01T00:00:00Z'))).toEqual({
      state: null,
      version: 0,
    });
  });

  it('ends a retried notification as its latest outcome, and never back to pending', () => {
    const retried = stream(
      [
        notification('notification.failed.v1', { ...toShelter, attempts: 12, lastStatusCode: 503 }),
        '2026-11-20T09:00:00.000Z',
      ],
      [
        notification('notification.delivered.v1', {
          ...toShelter,
          attempts: 13,
          lastStatusCode: 200,
        }),
        '2026-11-20T09:30:00.000Z',
      ],
      [notification('notification.requested.v1', toShelter), '2026-11-20T09:31:00.000Z'],
    );
    const [item] = referralPath(CASE_ID, caseEvents, retried).items;
    expect(item.notifications).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 13, lastStatusCode: 200 }),
    ]);
  });

  it('computes decimal hours to two places', () => {
    expect(hoursBetween('2026-11-20T08:00:00Z', '2026-11-20T08:20:00Z')).toBe(0.33);
    expect(hoursBetween('2026-11-20T08:00:00Z', undefined)).toBeUndefined();
  });
});
