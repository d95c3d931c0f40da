import { InMemoryEventStore } from '@app/event-store';
import { NotificationLedger } from './notification-ledger';
import { NewNotification } from './notification-types';

const CASE_ID = '0193a0e0-0000-7000-8000-000000000001';

const owed = (n: number): NewNotification => ({
  notificationId: `0193a0e0-0000-7000-8000-00000000010${n}`,
  type: 'referral.requested',
  agencyId: 'dar-ul-aman-lahore',
  caseId: CASE_ID,
  referralId: '0193a0e0-0000-7000-8000-000000000201',
  source: `event-${n}`,
  data: { caseId: CASE_ID, fromAgencyId: 'fia-lahore', toAgencyId: 'dar-ul-aman-lahore' },
});

describe('NotificationLedger', () => {
  it('records each notification owed once, when a batch is replayed with more in it', async () => {
    const store = new InMemoryEventStore();
    // Only the event store is used by `owed`.
    const ledger = new NotificationLedger(
      store,
      undefined as never,
      undefined as never,
      undefined as never,
    );

    await ledger.owed([owed(1)]);
    await ledger.owed([owed(1), owed(2)]);
    await ledger.owed([owed(2), owed(1)]);

    const recorded = [];
    for await (const event of store.readStream(`notifications-${CASE_ID}`)) recorded.push(event);
    expect(
      recorded.map((e) => [e.type, (e.data as { notificationId: string }).notificationId]),
    ).toEqual([
      ['notification.requested.v1', owed(1).notificationId],
      ['notification.requested.v1', owed(2).notificationId],
    ]);
    expect((await store.verifyStream(`notifications-${CASE_ID}`)).valid).toBe(true);
  });
});
