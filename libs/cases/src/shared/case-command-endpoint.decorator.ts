import { applyDecorators, HttpCode, Type, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Action, Permission } from '@app/access';
import { CaseHeadersInterceptor } from './case-headers.interceptor';

const PROBLEM = { description: 'application/problem+json' };

/**
 * What every case command endpoint shares: its permission, its success status (answered and
 * documented alike), its ETag (and, opening a case, its Location) from the answer, and the
 * OpenAPI description of the case id, the headers and every status code a command may answer.
 */
export function CaseCommandEndpoint(options: {
  action: Action;
  summary: string;
  response: Type<unknown>;
  status: 200 | 201;
  /** Opens a case: no `:caseId` in the path, and a Location header in the answer. */
  opens?: boolean;
}) {
  return applyDecorators(
    HttpCode(options.status),
    Permission(options.action),
    UseInterceptors(new CaseHeadersInterceptor({ location: options.opens })),
    ...(options.opens ? [] : [ApiParam({ name: 'caseId', format: 'uuid' })]),
    ApiTags('cases'),
    ApiBearerAuth(),
    ApiOperation({ summary: options.summary }),
    ApiHeader({
      name: 'X-Officer-Id',
      required: true,
      description: 'The officer acting, in your own system',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: '1-255 chars; replays the first response for 24 h',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'Expected case version, e.g. "3"; 412 when it moved on',
    }),
    ApiResponse({
      status: options.status,
      type: options.response,
      description: 'Recorded; ETag carries the new version',
    }),
    ApiResponse({
      status: 400,
      ...PROBLEM,
      description: 'Invalid body, unknown fields, bad ids or missing X-Officer-Id',
    }),
    ApiResponse({ status: 401, ...PROBLEM, description: 'Missing or unknown API key' }),
    ApiResponse({
      status: 403,
      ...PROBLEM,
      description: 'Role may not do this, or the action belongs to another agency',
    }),
    ApiResponse({
      status: 404,
      ...PROBLEM,
      description: 'No such case, or not visible to your agency',
    }),
    ApiResponse({ status: 409, ...PROBLEM, description: 'The case state does not allow it' }),
    ApiResponse({
      status: 412,
      ...PROBLEM,
      description: 'If-Match does not match the case version',
    }),
    ApiResponse({ status: 413, ...PROBLEM, description: 'Body over 64 KiB' }),
    ApiResponse({
      status: 422,
      ...PROBLEM,
      description: 'Against a rule (consent, unknown agency, idempotency key reuse, ...)',
    }),
    ApiResponse({ status: 429, ...PROBLEM, description: 'Rate limited; see Retry-After' }),
    ApiResponse({ status: 503, ...PROBLEM, description: 'A store is unavailable' }),
  );
}
