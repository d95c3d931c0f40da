import { v7 as uuidv7 } from 'uuid';
import { SqlClient } from '@app/database';
import { NewEvent } from '../event-store.port';
import { SqlEventStore } from './sql-event-store';

const event = (): NewEvent => ({
  eventId: uuidv7(),
  type: 'test.happened.v1',
  data: {},
  metadata: { actor: { agencyId: 'fia-islamabad', role: 'officer' } },
});

/**
 * A database whose group statement fails with `failure`, while single inserts succeed; it counts
 * the single inserts it is sent.
 */
function failingGroupStatement(failure: Error) {
  const singles: string[] = [];
  let position = 0;
  const sql = {
    query: async (_text: string, params: unknown[], options?: { name?: string }) => {
      if (options?.name === 'event-store.insert-single-events') throw failure;
      if (options?.name === 'event-store.insert-event') {
        singles.push(params[0] as string);
        position++;
        return {
          rows: [{ version: 1, commit_position: '1', prepare_position: String(position) }],
        };
      }
      throw new Error(`unexpected statement ${options?.name}`);
    },
  } as unknown as SqlClient;
  return { store: new SqlEventStore(sql), singles };
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

/** Appends made at once: the first few take every write slot, the rest share a statement. */
function appendsAtOnce(store: SqlEventStore, n: number) {
  return Promise.allSettled(
    Array.from({ length: n }, () =>
      store.append(`s-${uuidv7()}`, [event()], { expectedVersion: 'no-stream' }),
    ),
  );
}

describe('SqlEventStore group commit, when the shared statement fails', () => {
  it.each([
    ['a payload it cannot store', withCode('unsupported Unicode escape sequence', '22P05')],
    ['a lost answer (no SQLSTATE)', new Error('Connection terminated unexpectedly')],
  ])('after %s, tries each row alone, so each caller gets its own answer', async (_, failure) => {
    const { store, singles } = failingGroupStatement(failure);
    const results = await appendsAtOnce(store, 12);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(singles).toHaveLength(12);
  });

  it.each([
    ['a server shutting down', withCode('terminating connection', '57P01')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
  ])(
    'after %s, answers every caller of it with the error, without a row-by-row storm',
    async (_, failure) => {
      const { store, singles } = failingGroupStatement(failure);
      const results = await appendsAtOnce(store, 12);
      const refused = results.filter((r) => r.status === 'rejected');
      // The first appends went alone (and succeeded); the ones that shared the statement failed.
      expect(refused.length).toBeGreaterThan(1);
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toBe(failure);
      expect(singles).toHaveLength(12 - refused.length);
    },
  );
});
