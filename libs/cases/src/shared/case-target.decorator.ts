import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticatedRequest, Principal } from '@app/access';
import { operationOf } from '@app/http';
import { CommandContext } from './execute-case-command.command';
import { parseIfMatch } from './if-match';
import { parseUuid } from './uuid-param.pipe';

/** Who sends a command, and what its request says beyond the body. */
export interface CommandCaller {
  principal: Principal;
  context: CommandContext;
}

/** A command on the case of the path's `:caseId`. */
export interface CaseTarget extends CommandCaller {
  caseId: string;
}

function callerOf(request: AuthenticatedRequest): CommandCaller {
  const idempotencyKey = request.headers['idempotency-key'];
  return {
    principal: request.auth!,
    context: {
      operation: operationOf(request),
      expectedVersion: parseIfMatch(request.headers['if-match']),
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      correlationId: request.id ?? 'unknown',
    },
  };
}

/** The caller of a command that names no case yet (opening one). */
export const CommandCallerOf = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandCaller =>
    callerOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The case of the path's `:caseId` (a UUID, else 400), and the caller of the command on it. */
export const CaseTargetOf = createParamDecorator(
  (_: unknown, context: ExecutionContext): CaseTarget => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return { caseId: parseUuid('caseId', request.params?.caseId), ...callerOf(request) };
  },
);
