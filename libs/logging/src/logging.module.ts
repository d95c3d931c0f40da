import { randomUUID } from 'node:crypto';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { levels } from 'pino';
import { AppConfig } from '@app/config';

/**
 * Paths pino removes from every log line. API keys travel in Authorization; victims' personal
 * data lives under `personal`; webhook secrets under `secret`. Request bodies are never logged.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.personal',
  '*.*.personal',
  '*.apiKey',
  '*.secret',
  '*.webhookSecret',
  'err.response',
];

/** `/v1/cases?status=…&cursor=…`: the path and the names of the query parameters. */
export function withoutQueryValues(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const names = url
    .slice(query + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${url.slice(0, query)}?${names.join('&')}`;
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // nestjs-pino's default route pattern is not matched by the Fastify adapter of Nest 12.
        forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.LOG_LEVEL,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          genReqId: (req) => {
            const header = req.headers['x-request-id'];
            return typeof header === 'string' && /^[\w-]{1,128}$/.test(header)
              ? header
              : randomUUID();
          },
          serializers: {
            // Only what an operator needs. Query values are not logged: the API's are cursors and
            // codes, but a client may put anything in a query string.
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: withoutQueryValues(req.url),
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          customProps: (req) => {
            const auth = (req as { auth?: { agencyId: string; role: string } }).auth;
            return auth ? { agencyId: auth.agencyId, role: auth.role } : {};
          },
          quietReqLogger: true,
          // Request lines are written at info: above that level nothing would be written, so the
          // per-request completion hook is not installed at all.
          autoLogging: levels.values[config.LOG_LEVEL] <= levels.values.info,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
