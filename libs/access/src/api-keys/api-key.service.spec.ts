import { loadConfig } from '@app/config';
import { Listener, NotificationHandlers, SqlClient } from '@app/database';
import { ApiKeyService } from './api-key.service';

/** Enough of a database for the service: one key row, queries counted, notifications by hand. */
class FakeSql {
  lookups = 0;
  restarts = 0;
  revoked = false;
  /** Notify revocations (the trigger); off: a session that lost its notifications silently. */
  notifies = true;
  handlers?: NotificationHandlers;
  /** Runs inside the next lookup, before it answers: a change racing with it. */
  duringLookup?: () => void;

  /** Processes listening, as pg_stat_activity would count them (this one included). */
  processes = 1;
  /** Confirmations sent by this process, and whether they reach the listeners. */
  confirmations: string[] = [];
  confirms = true;

  /** Another process confirming that it dropped what it kept on `change`. */
  confirmFromAnotherProcess(change: string): void {
    this.handlers?.notify(`dropped:${change}:another-process`);
  }

  async query(sql: string, params: unknown[] = []): Promise<{ rows: unknown[] }> {
    if (sql.startsWith('SELECT pg_notify')) {
      const payload = params[1] as string;
      this.confirmations.push(payload);
      if (this.confirms) setImmediate(() => this.handlers?.notify(payload));
      return { rows: [{}] };
    }
    if (sql.startsWith('SELECT count(*)')) return { rows: [{ n: this.processes }] };
    if (sql.startsWith('SELECT key_id')) {
      this.lookups++;
      const answer = this.revoked
        ? []
        : [{ key_id: 'k-1', agency_id: 'fia-lahore', role: 'officer' }];
      this.duringLookup?.();
      this.duringLookup = undefined;
      return { rows: answer };
    }
    if (sql.startsWith('UPDATE api_keys')) {
      const changed = !this.revoked;
      this.revoked = true;
      if (changed && this.notifies) setImmediate(() => this.handlers?.notify('k-1'));
      return { rows: changed ? [{ key_id: 'k-1' }] : [] };
    }
    throw new Error(`unexpected SQL: ${sql}`);
  }

  async listen(_channel: string, handlers: NotificationHandlers): Promise<Listener> {
    this.handlers = handlers;
    return { restart: () => this.restarts++, close: async () => undefined };
  }
}

async function service(listening: boolean) {
  const sql = new FakeSql();
  const keys = new ApiKeyService(sql as unknown as SqlClient, loadConfig({}));
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

  it('confirms every change it hears of, so that a revoking process can wait for it', async () => {
    const { sql } = await service(true);
    sql.handlers!.notify('k-7');
    expect(sql.confirmations).toEqual([expect.stringMatching(/^dropped:k-7:[0-9a-f-]{36}$/)]);
    sql.handlers!.notify(sql.confirmations[0]); // a confirmation is not a change: no echo
    expect(sql.confirmations).toHaveLength(1);
  });

  it('answers a revocation only once every listening process has confirmed it', async () => {
    const { sql, keys } = await service(true);
    sql.processes = 2;
    let answered = false;
    const revoking = keys.revoke('k-1').then((r) => ((answered = true), r));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false); // its own confirmation arrived; the other process's has not
    sql.confirmFromAnotherProcess('k-1');
    expect(await revoking).toBe(true);
  });

  it('answers a revocation after a while when a process stays silent, and still keeps keys', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { sql, keys } = await service(true);
      sql.processes = 2;
      const revoking = keys.revoke('k-1');
      // Its own notification and confirmation arrive (on real immediates); the other's never.
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

  it('listens again and keeps nothing when its own revocation is never notified', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { sql, keys } = await service(true);
      await keys.authenticate('srk_a');
      sql.notifies = false;
      sql.confirms = false;
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
