import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataVault } from '@app/crypto';
import { CaseCommandRunner } from '../shared/case-command-runner';
import { CaseCommandResult } from '../shared/execute-case-command.command';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

/**
 * Records the erasure, then destroys the case key, which is what erases: the events stay and
 * verify, their sealed personal data opens no more. Done again when a retry finds the erasure
 * stored (its first attempt may have died before the key went); the erasure subscription
 * (ErasedCaseKeysProcessor) makes sure of it whatever happens to this process.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({
    caseId,
    justification,
    principal,
    context,
  }: ErasePersonalDataCommand): Promise<CaseCommandResult> {
    const result = await this.runner.decideAndAppend(
      caseId,
      { type: 'ErasePersonalData', justification },
      principal,
      context,
    );
    await this.vault.destroyCaseKey(caseId);
    return result;
  }
}
