import { CallHandler, ExecutionContext, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { HttpReply } from './http-types';

/** What a PUT that may create answers: the resource, and whether it was new. */
export class Upserted<T> {
  constructor(
    readonly body: T,
    readonly created: boolean,
  ) {}
}

class UpsertedInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<HttpReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Upserted)) return result;
        reply.status(result.created ? 201 : 200);
        return result.body;
      }),
    );
  }
}

/** A PUT answered 201 when it created its resource and 200 when it replaced it (`Upserted`). */
export const RepliesCreatedOrUpdated = () => UseInterceptors(new UpsertedInterceptor());
