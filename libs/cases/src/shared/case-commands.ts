import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommand } from '@app/domain';
import { commandResponse, CommandContext, ReplyLike } from './case-http';
import { CaseCommandResult, ExecuteCaseCommand, NamedAgency } from './execute-case-command.command';

/** What every case command endpoint does once its body is valid: execute, answer with the ETag. */
@Injectable()
export class CaseCommands {
  constructor(private readonly bus: CommandBus) {}

  async send<T extends object = object>(
    caseId: string,
    command: CaseCommand,
    context: CommandContext,
    reply: ReplyLike,
    extra?: T,
    namedAgencies?: NamedAgency[],
  ): Promise<CaseCommandResult & T> {
    const { principal, ...commandContext } = context;
    const result = await this.bus.execute(
      new ExecuteCaseCommand(caseId, command, principal, { ...commandContext, namedAgencies }),
    );
    return commandResponse(reply, result, extra);
  }
}
