import { Command } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { CaseCommandResult, CommandContext } from '../shared/execute-case-command.command';

export class ErasePersonalDataCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly justification: string,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}
