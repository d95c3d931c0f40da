import { Command } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { CaseCommand } from '@app/domain';

export interface CaseCommandResult {
  caseId: string;
  version: number;
}

/** Any case command, with who sends it and the concurrency and idempotency context. */
export class ExecuteCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly principal: Principal,
    readonly context: {
      /** From If-Match: refuse with 412 unless the case is at exactly this version. */
      expectedVersion?: number;
      idempotencyKey?: string;
      correlationId: string;
    },
  ) {
    super();
  }
}
