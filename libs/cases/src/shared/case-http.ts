import {
  ArgumentMetadata,
  createParamDecorator,
  ExecutionContext,
  ParseUUIDPipe,
  PipeTransform,
} from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Principal } from '@app/access';
import { InvalidRequestError, Operation, operationOf } from '@app/http';
import { CaseCommandResult } from './execute-case-command.command';

interface RequestLike {
  id?: string;
  headers: Record<string, string | string[] | undefined>;
  auth?: Principal;
  operation?: Operation;
}

export interface ReplyLike {
  header(name: string, value: string): unknown;
}

/**
 * Ids in paths are UUIDs; anything else is a 400, never a lookup. UUIDs are case-insensitive, so
 * an id in capitals names the same case as the lowercase form every id is stored in.
 */
class UuidParamPipe implements PipeTransform<string, Promise<string>> {
  private readonly uuid: ParseUUIDPipe;

  constructor(name: string) {
    this.uuid = new ParseUUIDPipe({
      exceptionFactory: () =>
        InvalidRequestError.field(name, 'must be a UUID', `${name} must be a UUID.`),
    });
  }

  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return String(await this.uuid.transform(value, metadata)).toLowerCase();
  }
}

export const uuidParam = (name: string): PipeTransform => new UuidParamPipe(name);

export interface CommandContext {
  principal: Principal;
  /** What this request does, the same for every attempt with its Idempotency-Key. */
  operation: Operation;
  expectedVersion?: number;
  idempotencyKey?: string;
  correlationId: string;
}

/** Who sends the command, and its If-Match and Idempotency-Key headers. */
export const CaseCommandContext = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<RequestLike>();
    const ifMatch = request.headers['if-match'];
    const idempotencyKey = request.headers['idempotency-key'];
    return {
      principal: request.auth!,
      operation: operationOf(request),
      expectedVersion: parseIfMatch(ifMatch),
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      correlationId: request.id ?? 'unknown',
    };
  },
);

export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header) : null;
  if (!match) {
    throw InvalidRequestError.field(
      'If-Match',
      'must be a quoted version number',
      'If-Match must be a case version such as "3".',
    );
  }
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** Every command response: `{ caseId, version, ... }` with `ETag: "<version>"`. */
export function commandResponse<T extends object>(
  reply: ReplyLike,
  result: CaseCommandResult,
  extra?: T,
): CaseCommandResult & T {
  reply.header('etag', etag(result.version));
  return { ...result, ...(extra as T) };
}

export class CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({
    description: 'Number of events in the case stream after this command',
    example: 3,
  })
  version!: number;
}
