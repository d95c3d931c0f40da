import { Command } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { OpenCase } from '@app/domain';
import { CaseCommandResult, CommandContext } from '../shared/execute-case-command.command';

/** What opening a case is told: the case as identified, personal data still in the clear. */
export type CaseToOpen = Omit<OpenCase, 'type' | 'caseId' | 'victim'> & {
  victim: Omit<OpenCase['victim'], 'personal'> & { personal: Record<string, unknown> | null };
};

export class OpenCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly identified: CaseToOpen,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}
