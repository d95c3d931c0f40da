import { Command } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { CaseCommand } from '@app/domain';
import { Operation } from '@app/http';

export interface CaseCommandResult {
  caseId: string;
  version: number;
}

export interface NamedAgency {
  field: string;
  agencyId: string;
}

/** What the request says of a command beyond its body. */
export interface CommandContext {
  /** What the request does, the same for every attempt with its Idempotency-Key. */
  operation: Operation;
  /** From If-Match: refuse with 412 unless the case is at exactly this version. */
  expectedVersion?: number;
  idempotencyKey?: string;
  correlationId: string;
  /** Agencies the command names (body field → id): each must be registered (else 422). */
  namedAgencies?: NamedAgency[];
}

/**
 * The commands that need nothing but the runner. Opening (sealing personal data first) and
 * erasure (destroying the case key after) have handlers of their own, and cannot be sent here.
 */
export type PlainCaseCommand = Exclude<CaseCommand, { type: 'OpenCase' | 'ErasePersonalData' }>;

/** A case command that needs nothing but the runner: decide on the case, append. */
export class ExecuteCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly command: PlainCaseCommand,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}
