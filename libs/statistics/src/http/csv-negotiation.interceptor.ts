import { Negotiator } from '@fastify/accept-negotiator';
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

/** JSON first: what a wildcard Accept, or none, gets. */
const MEDIA_TYPES = new Negotiator({ supportedValues: ['application/json', 'text/csv'] });

/** Whether CSV is the type the request prefers, by its Accept header's q-values. */
export function wantsCsv(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (header === undefined) return false;
  // Media types are case-insensitive, parameters other than q do not choose between ours, and of
  // ours `text/*` is CSV alone.
  const types = header
    .toLowerCase()
    .replace(/;\s*(?!q=)[^;,]*/g, '')
    .replace(/\btext\/\*/g, 'text/csv');
  return MEDIA_TYPES.negotiate(types) === 'text/csv';
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
