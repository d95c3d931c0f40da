import { loadConfig } from '@app/config';
import { Listener, NotificationHandlers, SqlClient } from '@app/database';
import { ApiKeyRepository, StoredKey } from './api-key.repository';
import { ApiKeyService } from './api-key.service';

/**
 * The key table and the notification session, in memory, with no SQL: one live key, its lookups
 * counted, the trigger's notification sent on a revocation, other processes played by hand.
 */
class FakeDatabase {
  readonly kind = 'postgres' as const;
  lookups = 0;
  restarts = 0;
  revoked = false;
  /** Notify revocations (the trigger); off: a session that lost its notifications silently. */
  notifies = true;
  handlers?: NotificationHandlers;
  /** Runs inside the next lookup, before it answers: a change racing with it. */
  duringLookup?: () => void;
  /** Other processes listening, as pg_stat_activity would show them. */
  otherProcesses: string[] = [];
  /** This process's listening session's name. */
  sessionName = '';
  /** When the listening session last heard from the server; now when unset. */
  lastHeard?: number;
  /** What this process notified from its listening session. */
  sent: string[] = [];

  /** Another listening process answering the last check this process sent. */
  answerFromAnotherProcess(process = 'another-process'): void {
    const check = [...this.sent].reverse().find((p) => p.startsWith('check:'))!;
    this.handlers?.notify(`dropped:${check.slice('check:'.length)}:${process}`);
  }

  // ApiKeyRepository
  async findLive(): Promise<StoredKey | null> {
    this.lookups++;
    const answer = this.revoked
      ? null
      : { keyId: 'k-1', agencyId: 'fia-lahore', role: 'officer' as const };
    this.duringLookup?.();
    this.duringLookup = undefined;
    return answer;
  }

  async revoke(): Promise<boolean> {
    const changed = !this.revoked;
    this.revoked = true;
    if (changed && this.notifies) setImmediate(() => this.handlers?.notify('k-1'));
    return changed;
  }

  async sessionsNamed(): Promise<string[]> {
    const me = this.sessionName.slice(this.sessionName.lastIndexOf('/') + 1);
    return [me, ...this.otherProcesses];
  }

  // SqlClient: the notification session only
  async listen(
    _channel: string,
    handlers: NotificationHandlers,
    options: { applicationName?: string } = {},
  ): Promise<Listener> {
    this.handlers = handlers;
    this.sessionName = options.applicationName ?? '';
    return {
      notify: async (payload) => {
        this.sent.push(payload);
        if (this.notifies) setImmediate(() => this.handlers?.notify(payload));
      },
      lastHeard: () => this.lastHeard ?? Date.now(),
      restart: () => this.restarts++,
      close: async () => undefined,
    };
  }
}

async function service(listening: boolean) {
  const sql = new FakeDatabase();
  const keys = new ApiKeyService(
    sql as unknown as SqlClient,
    sql as unknown as ApiKeyRepository,
    loadConfig({}),
  );
  await keys.onModuleInit();
  if (listening) sql.handlers!.listening();
  return { sql, keys };
}

describe('ApiKeyService: keys kept in memory', () => {
  it('looks a key up once while it hears of key changes', async () => {
    const { sql, keys } = await service(true);
    expect(await keys.authenticate('srk_a')).toEqual({
      agencyId: 'fia-lahore',
      role: 'officer',
      keyId: 'k-1',
    });
    await keys.authenticate('srk_a');
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(1);
  });

  it('looks every request up while it does not hear of changes', async () => {
    const { sql, keys } = await service(false);
    await keys.authenticate('srk_a');
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(2);
  });

  it('drops what it kept when a change is notified, or the notifications are lost', async () => {
    const { sql, keys } = await service(true);
    await keys.authenticate('srk_a');
    sql.handlers!.notify('k-other');
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(2);
    sql.handlers!.lost();
    await keys.authenticate('srk_a');
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(4);
  });

  it('refuses a key revoked by hand in the database once the change is notified', async () => {
    const { sql, keys } = await service(true);
    await keys.authenticate('srk_a');
    sql.revoked = true; // UPDATE by an operator: the trigger notifies
    sql.handlers!.notify('k-1');
    expect(await keys.authenticate('srk_a')).toBeNull();
  });

  it('does not keep an answer that raced with a change', async () => {
    const { sql, keys } = await service(true);
    sql.duringLookup = () => sql.handlers!.notify('k-1');
    await keys.authenticate('srk_a');
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(2);
  });

  it('answers a revocation once its own notification arrived, and refuses the key at once', async () => {
    const { sql, keys } = await service(true);
    await keys.authenticate('srk_a');
    expect(await keys.revoke('k-1')).toBe(true);
    expect(await keys.authenticate('srk_a')).toBeNull();
    expect(await keys.revoke('k-1')).toBe(false);
    expect(sql.lookups).toBe(2);
  });

  it('answers a check only after handling the changes notified before it', async () => {
    const { sql, keys } = await service(true);
    await keys.authenticate('srk_a');
    sql.handlers!.notify('k-7'); // a change, then a check from another process
    sql.handlers!.notify('check:nonce-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sql.sent).toEqual([expect.stringMatching(/^dropped:nonce-1:[0-9a-f-]{36}$/)]);
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(2); // it had dropped what it kept before answering
    sql.handlers!.notify(sql.sent[0]); // an answer is not a change: kept keys stay, no echo
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(2);
    expect(sql.sent).toHaveLength(1);
  });

  it('answers a revocation only once every listening process has confirmed it', async () => {
    const { sql, keys } = await service(true);
    sql.otherProcesses = ['replica-b'];
    let answered = false;
    const revoking = keys.revoke('k-1').then((r) => ((answered = true), r));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false); // its own answer arrived; replica-b's has not
    sql.answerFromAnotherProcess('someone-else'); // not one it waits for
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    sql.answerFromAnotherProcess('replica-b');
    expect(await revoking).toBe(true);
  });

  it('answers a revocation after a while when a process stays silent, and still keeps keys', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { sql, keys } = await service(true);
      sql.otherProcesses = ['replica-b'];
      const revoking = keys.revoke('k-1');
      // Its own check and answer go round (on real immediates); replica-b never answers.
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      await jest.advanceTimersByTimeAsync(2_000);
      expect(await revoking).toBe(true);
      expect(sql.restarts).toBe(0); // its own notifications flow: nothing to restart here
      sql.revoked = false;
      await keys.authenticate('srk_a');
      await keys.authenticate('srk_a');
      expect(sql.lookups).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps two revocations of one key apart', async () => {
    const { sql, keys } = await service(true);
    const [first, second] = await Promise.all([keys.revoke('k-1'), keys.revoke('k-1')]);
    expect([first, second].sort()).toEqual([false, true]);
    expect(sql.restarts).toBe(0);
  });

  it('listens again and keeps nothing when its own revocation is never notified', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { sql, keys } = await service(true);
      await keys.authenticate('srk_a');
      sql.notifies = false;
      const revoking = keys.revoke('k-1');
      await jest.advanceTimersByTimeAsync(2_000);
      expect(await revoking).toBe(true);
      expect(sql.restarts).toBe(1);
      sql.revoked = false; // as if the key were live again: the answer must come from the database
      await keys.authenticate('srk_a');
      await keys.authenticate('srk_a');
      expect(sql.lookups).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops using kept keys while its session has heard nothing for 2 s (it may have gone silent)', async () => {
    const { sql, keys } = await service(true);
    await keys.authenticate('srk_a');
    sql.lastHeard = Date.now() - 2_500; // no heartbeat echo since: a cut network reports nothing
    await keys.authenticate('srk_a');
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(3);
    // The echo is back. A change notified meanwhile would have arrived before it, on the same
    // session, and dropped what was kept; none did, so the kept key serves again.
    sql.lastHeard = undefined;
    await keys.authenticate('srk_a');
    expect(sql.lookups).toBe(3);
  });

  it('looks a kept key up again after a minute, whatever the notifications', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { sql, keys } = await service(true);
      await keys.authenticate('srk_a');
      await keys.authenticate('srk_a');
      expect(sql.lookups).toBe(1);
      jest.advanceTimersByTime(60_001);
      await keys.authenticate('srk_a');
      expect(sql.lookups).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
