import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, EventStore, formatPosition } from '@app/event-store';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST } from '../support/fixtures';
import { as, Caller, openCase } from './helpers/api';

/** A read model stuck on an event is never silent: readiness shows where, and since when. */
describe('a stalled subscription', () => {
  let test: TestApp;
  let fia: Caller;

  beforeAll(async () => {
    test = await startTestApp('stalled');
    fia = as(await registerAgency(test, CAST.fiaLahore));
  });

  afterAll(async () => {
    await test?.close();
  });

  it('shows in /health/ready with its position, while commands go on', async () => {
    const caseId = await openCase(test, fia);
    await test.projected();
    const store = test.app.get<EventStore>(EVENT_STORE);
    const appended = await store.append(
      `case-${caseId}`,
      [{ eventId: uuidv7(), type: 'case.mystery.v1', data: { notes: 'Zarmeena Bibi' } }],
      { expectedVersion: 1 },
    );

    let details: Record<string, unknown> = {};
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const ready = await test.http.get('/health/ready').expect(200);
      details = ready.body.details.subscriptions['read-models.v1'];
      if (details.state === 'stalled') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(details).toEqual({
      state: 'stalled',
      checkpoint: expect.any(String),
      position: formatPosition(appended.position),
      eventType: 'case.mystery.v1',
      since: expect.any(String),
      attempts: expect.any(Number),
      error: 'UnknownEventTypeError (unknown-event-type)',
    });
    expect(JSON.stringify(details)).not.toContain('Zarmeena');
    // Commands and case reads do not depend on the read models.
    await openCase(test, fia);
  });
});
