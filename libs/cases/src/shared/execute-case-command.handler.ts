import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { AgencyRegistry } from '@app/access';
import { AppConfig } from '@app/config';
import { PersonalDataVault } from '@app/crypto';
import { CaseEvent, CaseNotFoundError, decide, mayCommand } from '@app/domain';
import { EVENT_STORE, EventStore, WrongExpectedVersionError } from '@app/event-store';
import { ProblemException } from '@app/http';
import { CaseRepository, caseStreamId } from './case-repository';
import { assertAgencyExists } from './known-agency';
import { CaseCommandResult, ExecuteCaseCommand } from './execute-case-command.command';

/**
 * Writers to one case are queued inside this process, so re-runs are only needed against other
 * replicas; those back off with jitter so that racing replicas do not collide again in step.
 */
const MAX_ATTEMPTS = 12;
const BACKOFF_MS = 10;

/**
 * load (replay the stream, or the state this process kept) → check visibility, If-Match and the
 * agencies the command names → decide → append with the expected version.
 * Nothing is published before the append succeeds: subscribers read the stored log.
 */
@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand> {
  private readonly logger = new Logger(ExecuteCaseCommandHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CaseRepository,
    private readonly vault: PersonalDataVault,
    private readonly config: AppConfig,
    private readonly agencies: AgencyRegistry,
  ) {}

  async execute({
    caseId,
    command,
    principal,
    context,
  }: ExecuteCaseCommand): Promise<CaseCommandResult> {
    const actor = {
      agencyId: principal.agencyId,
      officerId: principal.officerId,
      role: principal.role,
    };
    let agenciesKnown = false;
    for (let attempt = 1; ; attempt++) {
      // The first attempt decides on the state this process last saw of the case, if any; a
      // refusal or a conflict on that state is not trusted and the case is read again.
      const cached =
        command.type === 'OpenCase' || attempt > 1 ? undefined : this.cases.cached(caseId);
      const { state, version } =
        command.type === 'OpenCase'
          ? { state: null, version: 0 }
          : (cached ?? (await this.cases.loadCurrent(caseId)));
      let events: CaseEvent[];
      try {
        if (
          command.type !== 'OpenCase' &&
          (!state || !mayCommand(state, command, principal.agencyId, principal.role))
        ) {
          throw new CaseNotFoundError();
        }
        if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
          throw preconditionFailed(version);
        }
        // Once per command, not per attempt: agencies are registered, never removed.
        if (!agenciesKnown) {
          for (const { agencyId, field } of context.namedAgencies ?? []) {
            await assertAgencyExists(this.agencies, agencyId, field);
          }
          agenciesKnown = true;
        }
        events = decide(state, command, {
          actor,
          now: new Date().toISOString(),
          reflectionPeriodDays: this.config.REFLECTION_PERIOD_DAYS,
        });
      } catch (error) {
        if (cached) continue;
        throw error;
      }
      try {
        const result = await this.store.append(
          caseStreamId(caseId),
          events.map((event) => ({
            eventId: uuidv7(),
            type: event.type,
            data: event.data,
            metadata: {
              actor,
              correlationId: context.correlationId,
              causationId: context.correlationId,
              ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
            },
          })),
          { expectedVersion: version === 0 ? 'no-stream' : version },
        );
        this.cases.appended(caseId, state, events, result.nextExpectedVersion);
        if (command.type === 'ErasePersonalData') await this.vault.destroyCaseKey(caseId);
        return { caseId, version: result.nextExpectedVersion };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (command.type === 'OpenCase') return this.openedBefore(caseId, principal, context);
        // Kept state that was behind: decide again on the stored case (which may not be visible).
        if (cached) continue;
        if (context.expectedVersion !== undefined) throw preconditionFailed(error.actualVersion);
        if (attempt >= MAX_ATTEMPTS) {
          this.logger.warn(`case ${caseId}: gave up after ${attempt} concurrent-write retries`);
          throw ProblemException.of(409, 'The case is changing too quickly; retry the request.', {
            retryable: true,
          });
        }
        await sleep(BACKOFF_MS * attempt * (0.5 + Math.random()));
      }
    }
  }

  /**
   * An open naming a case that exists: only a retry of an open with an Idempotency-Key reuses an
   * id (IdempotencyStore.reserveId), after its first attempt stored the case but never answered.
   * That attempt's answer is given again; anything else is a conflict, never a second opening.
   */
  private async openedBefore(
    caseId: string,
    principal: ExecuteCaseCommand['principal'],
    context: ExecuteCaseCommand['context'],
  ): Promise<CaseCommandResult> {
    for await (const opened of this.store.readStream(caseStreamId(caseId), { limit: 1 })) {
      const { actor, idempotencyKey } = opened.metadata as {
        actor?: { agencyId?: string };
        idempotencyKey?: string;
      };
      if (
        context.idempotencyKey !== undefined &&
        idempotencyKey === context.idempotencyKey &&
        actor?.agencyId === principal.agencyId
      ) {
        return { caseId, version: opened.version };
      }
    }
    throw ProblemException.of(409, 'A case with this id exists already.');
  }
}

function preconditionFailed(currentVersion: number): ProblemException {
  return ProblemException.of(412, `The case is at version ${currentVersion}.`, { currentVersion });
}
