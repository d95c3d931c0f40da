import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem';
import { fieldPath, requestTextProblems, singleLineProblems } from './request-text';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = fieldPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator messages start with the property name; the field says it already. An
      // unknown field's own name is not repeated: it may be anything the client typed.
      message: message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : error.constraints?.whitelistValidation === message
          ? 'is not a known field'
          : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function invalid(errors: FieldError[]): ProblemException {
  return ProblemException.of(400, `${errors.length} invalid field(s)`, { errors });
}

/**
 * Whitelisting with forbidNonWhitelisted: an unknown field is a 400, never silently dropped.
 * Before class-transformer sees a body or query, the text rule holds for every string and field
 * name in it (reserved names such as `constructor` included, which class-transformer would drop);
 * after validation, strings outside `@FreeText()` fields must be single lines. Messages name
 * fields and rules, never the submitted values.
 */
class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalid(flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    if (metadata.type === 'body' && value !== undefined && !isPlainObject(value)) {
      throw invalid([{ field: 'body', message: 'must be a JSON object' }]);
    }
    const root = metadata.data ?? '';
    const textErrors = requestTextProblems(value, root);
    if (textErrors.length > 0) throw invalid(textErrors);
    const transformed = await super.transform(value, metadata);
    const lineErrors = singleLineProblems(transformed, root);
    if (lineErrors.length > 0) throw invalid(lineErrors);
    return transformed;
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe();
}
