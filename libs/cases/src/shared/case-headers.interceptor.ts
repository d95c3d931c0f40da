import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { HttpReply } from '@app/http';
import { etag } from './if-match';

/**
 * The headers of an answer about a case, from the answer itself: `ETag: "<version>"`, and for a
 * case just opened `Location: /v1/cases/<caseId>`. Set before the idempotency interceptor (which
 * wraps this one) keeps them for replays.
 */
export class CaseHeadersInterceptor implements NestInterceptor {
  constructor(private readonly options: { location?: boolean } = {}) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<HttpReply>();
    return next.handle().pipe(
      map((body: { caseId?: unknown; version?: unknown } | undefined) => {
        if (typeof body?.version === 'number') reply.header('etag', etag(body.version));
        if (this.options.location && typeof body?.caseId === 'string') {
          reply.header('location', `/v1/cases/${body.caseId}`);
        }
        return body;
      }),
    );
  }
}
