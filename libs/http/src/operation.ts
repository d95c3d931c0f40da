import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/**
 * What one write request does, across every attempt at it. Without an Idempotency-Key each request
 * is an operation of its own; with one, every attempt with the key (until it expires) is the same
 * operation, with the same id: the first attempt's.
 *
 * Everything a write creates is named from its operation id — the resource it creates (a case, a
 * referral, a key) is the id itself, and its events are `eventIdOf(id, index)` — so a retry after
 * an attempt whose answer was lost (a killed process, a database that stopped after the commit)
 * writes the same ids again, which the event store recognises as a retry of that append, whatever
 * happened in between. Exactly once by construction, not by timing.
 */
export interface Operation {
  id: string;
  /**
   * An earlier attempt of this operation may have stored its effects before failing or dying
   * unanswered: look for them before doing it again.
   */
  resumed: boolean;
}

/** Fixed for ever: changing it would make retries of stored operations write again. */
const EVENT_ID_NAMESPACE = '4d1c9f0e-5a3b-4c7e-9f2d-8b6a1e0c3d57';

/** The id of the `index`th event an operation appends (a name-based UUID, version 5). */
export function eventIdOf(operationId: string, index: number): string {
  return uuidv5(`${operationId}/${index}`, EVENT_ID_NAMESPACE);
}

/** How many events one operation may append; the ids a resumed operation looks for. */
export const MAX_EVENTS_PER_OPERATION = 16;

export function newOperation(): Operation {
  return { id: uuidv7(), resumed: false };
}

interface RequestWithOperation {
  operation?: Operation;
}

/** The operation the idempotency interceptor named for this request (a new one if none). */
export function operationOf(request: RequestWithOperation): Operation {
  request.operation ??= newOperation();
  return request.operation;
}

/** The request's operation, for a route that creates something named by it. */
export const CurrentOperation = createParamDecorator(
  (_: unknown, context: ExecutionContext): Operation =>
    operationOf(context.switchToHttp().getRequest<RequestWithOperation>()),
);
