import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from './case-command-runner';
import { CaseCommandResult, ExecuteCaseCommand } from './execute-case-command.command';

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, command, principal, context }: ExecuteCaseCommand): Promise<CaseCommandResult> {
    return this.runner.decideAndAppend(caseId, command, principal, context);
  }
}
