import { ArgumentMetadata, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InvalidRequestError } from '@app/http';

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

/** The same rule for an id read outside a pipe. */
export function parseUuid(name: string, value: string | undefined): string {
  if (typeof value !== 'string' || !isUUID(value)) {
    throw InvalidRequestError.field(name, 'must be a UUID', `${name} must be a UUID.`);
  }
  return value.toLowerCase();
}
