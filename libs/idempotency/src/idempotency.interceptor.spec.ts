import { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, throwError } from 'rxjs';
import { ProblemException } from '@app/http';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { Claim, IdempotencyStore, StoredResponse } from './idempotency.store';

/** An in-memory stand-in for the store: what the interceptor keeps and frees. */
class FakeStore {
  completed: StoredResponse[] = [];
  released = 0;
  async claim(): Promise<Claim> {
    return {
      kind: 'owned',
      claimId: 'c-1',
      operationId: '0193a000-0000-7000-8000-000000000001',
      resumed: false,
    };
  }
  async complete(
    _agency: string,
    _key: string,
    _claim: string,
    response: StoredResponse,
  ): Promise<void> {
    this.completed.push(response);
  }
  async release(): Promise<void> {
    this.released++;
  }
}

function failWith(error: unknown) {
  const store = new FakeStore();
  const interceptor = new IdempotencyInterceptor(
    store as unknown as IdempotencyStore,
    new Reflector(),
  );
  const request = {
    method: 'POST',
    url: '/v1/cases/0193a000-0000-7000-8000-000000000000/screenings',
    body: { traffickingStatus: 'possible' },
    headers: { 'idempotency-key': 'k-1' },
    auth: { agencyId: 'fia-lahore', role: 'officer', keyId: 'key' },
  };
  const reply = { statusCode: 201, status: () => reply, header: () => reply, getHeader: () => '' };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    getHandler: () => failWith,
  } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => throwError(() => error) };
  return { store, run: () => lastValueFrom(interceptor.intercept(context, next)) };
}

describe('IdempotencyInterceptor', () => {
  it('keeps a refusal, so a retry gets the same answer', async () => {
    const { store, run } = failWith(ProblemException.of(422, 'No consent'));
    await expect(run()).rejects.toBeInstanceOf(ProblemException);
    expect(store.completed.map((response) => response.status)).toEqual([422]);
    expect(store.released).toBe(0);
  });

  it.each([
    ['a store being down', ProblemException.of(503, 'down')],
    ['rate limiting', ProblemException.of(429, 'slow down')],
    ['a case too busy to get a turn', ProblemException.of(409, 'busy', { retryable: true })],
  ])('frees the key after %s, so a retry executes', async (_name, error) => {
    const { store, run } = failWith(error);
    await expect(run()).rejects.toBe(error);
    expect(store.completed).toEqual([]);
    expect(store.released).toBe(1);
  });

  it('keeps a conflict with the case’s state', async () => {
    const { store, run } = failWith(ProblemException.of(409, 'Referral already declined'));
    await expect(run()).rejects.toBeInstanceOf(ProblemException);
    expect(store.completed.map((response) => response.status)).toEqual([409]);
  });
});
