import Negotiator from 'negotiator';
import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { HttpReply } from '@app/http';
import { toCsv } from './csv';

/** A statistic as JSON, and the rows and columns its CSV form is made of. */
export class TableAnswer {
  constructor(
    readonly json: unknown,
    readonly items: Array<Record<string, unknown>>,
    readonly columns: string[],
    readonly options: { csvOnly?: boolean; headers?: Record<string, string> } = {},
  ) {}
}

const CSV = 'text/csv; charset=utf-8';

/** Ours, JSON first: what a wildcard Accept, a tie, or no Accept at all gets. */
const MEDIA_TYPES = ['application/json', CSV];

/**
 * Whether CSV is the type the request prefers, by its Accept header: q-values, the most specific
 * range for each type (`text/csv;q=0` rules CSV out whatever `text/*` says), case-insensitive.
 */
export function wantsCsv(accept: string | string[] | undefined): boolean {
  if (accept === undefined) return false;
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  return new Negotiator({ headers: { accept: header } }).mediaType(MEDIA_TYPES) === MEDIA_TYPES[1];
}

/**
 * JSON, or CSV when the request prefers `text/csv` (or the answer is CSV only, whatever the
 * request accepts: the research export has no other form).
 */
export class CsvNegotiationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const accept = http.getRequest<{ headers: Record<string, string | string[] | undefined> }>()
      .headers.accept;
    const reply = http.getResponse<HttpReply>();
    return next.handle().pipe(
      map((answer: unknown) => {
        if (!(answer instanceof TableAnswer)) return answer;
        for (const [name, value] of Object.entries(answer.options.headers ?? {})) {
          reply.header(name, value);
        }
        if (!answer.options.csvOnly && !wantsCsv(accept)) return answer.json;
        reply.header('content-type', CSV);
        return toCsv(answer.items, answer.columns);
      }),
    );
  }
}
