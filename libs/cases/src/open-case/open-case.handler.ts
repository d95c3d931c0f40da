import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataErasedError, PersonalDataVault } from '@app/crypto';
import { CaseErasedSinceError } from '../shared/case.errors';
import { CaseCommandRunner } from '../shared/case-command-runner';
import { CaseCommandResult } from '../shared/execute-case-command.command';
import { OpenCaseCommand } from './open-case.command';

/**
 * Opens a case under the operation's id (with an Idempotency-Key, every attempt names the case
 * the first one chose), its personal data sealed with a key of the case's own before any event
 * holds it.
 */
@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ identified, principal, context }: OpenCaseCommand): Promise<CaseCommandResult> {
    const caseId = context.operation.id;
    const { personal } = identified.victim;
    const sealed =
      personal && Object.keys(personal).length > 0
        ? await this.vault.sealForCase(caseId, personal).catch((error: unknown) => {
            if (!(error instanceof PersonalDataErasedError)) throw error;
            throw new CaseErasedSinceError();
          })
        : null;
    return this.runner.decideAndAppend(
      caseId,
      {
        ...identified,
        type: 'OpenCase',
        caseId,
        victim: { ...identified.victim, personal: sealed },
      },
      principal,
      context,
      { opens: true },
    );
  }
}
