import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseTarget } from './case-target.decorator';
import {
  CaseCommandResult,
  ExecuteCaseCommand,
  NamedAgency,
  PlainCaseCommand,
} from './execute-case-command.command';

/** What a command endpoint does once its body is valid: run the command on its case. */
@Injectable()
export class CaseCommandSender {
  constructor(private readonly bus: CommandBus) {}

  /** `extra`: what the answer adds to `{ caseId, version }` (the id of what the command made). */
  async send<T extends object = object>(
    target: CaseTarget,
    command: PlainCaseCommand,
    extra?: T,
    namedAgencies?: NamedAgency[],
  ): Promise<CaseCommandResult & T> {
    const result = await this.bus.execute(
      new ExecuteCaseCommand(target.caseId, command, target.principal, {
        ...target.context,
        namedAgencies,
      }),
    );
    return { ...result, ...(extra as T) };
  }
}
