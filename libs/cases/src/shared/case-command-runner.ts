import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgencyRegistry } from '@app/access';
import { AppConfig } from '@app/config';
import {
  Actor,
  CaseCommand,
  CaseEvent,
  CaseNotFoundError,
  CaseState,
  decide,
  mayCommand,
} from '@app/domain';
import { EVENT_STORE, EventStore, WrongExpectedVersionError } from '@app/event-store';
import { eventIdOf, MAX_EVENTS_PER_OPERATION, Operation } from '@app/http';
import { CaseBusyError, CaseExistsError, PreconditionFailedError } from './case.errors';
import { CaseRepository, caseStreamId } from './case-repository';
import { CaseCommandResult, CommandContext } from './execute-case-command.command';
import { assertAgencyExists } from './known-agency';

/** Re-runs after a concurrent write (another replica, or a racing request), with jitter. */
const MAX_ATTEMPTS = 12;
const BACKOFF_MS = 10;

/**
 * What every case command does: load the case → check that the caller may act on it and that
 * If-Match holds → decide → append with the expected version → on a concurrent write, decide
 * again on the newer state (unless If-Match says not to). Nothing is published before the append
 * succeeds: subscribers read the stored log.
 *
 * The events' ids are the operation's (eventIdOf): a command shared by several attempts (one
 * Idempotency-Key) is found done by whichever attempt comes second, which answers with what the
 * first stored instead of deciding again.
 */
@Injectable()
export class CaseCommandRunner {
  private readonly logger = new Logger(CaseCommandRunner.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CaseRepository,
    private readonly config: AppConfig,
    private readonly agencies: AgencyRegistry,
  ) {}

  /**
   * `opens`: the command starts the case's stream (the case id is the operation's), so there is
   * no state to load and a stream already there is another attempt's, or a conflict.
   */
  async decideAndAppend(
    caseId: string,
    command: CaseCommand,
    principal: Actor,
    context: CommandContext,
    { opens = false }: { opens?: boolean } = {},
  ): Promise<CaseCommandResult> {
    const actor = {
      agencyId: principal.agencyId,
      officerId: principal.officerId,
      role: principal.role,
    };
    // Other attempts of this operation (a retry that took over from this one, or the attempt
    // this one took over from) may have stored its events: the state such an attempt decides on
    // is read together with the stream, and if the stream holds the operation's events, their
    // answer is given again and nothing is decided anew.
    const shared = context.idempotencyKey !== undefined;
    let agenciesKnown = false;
    for (let attempt = 1; ; attempt++) {
      const checkFirst = shared && (context.operation.resumed || attempt > 1);
      let checked = false;
      let cached = false;
      let state: CaseState | null;
      let version: number;
      if (opens) {
        if (checkFirst) {
          const done = (await this.read(caseId, context.operation)).done;
          if (done) return done;
        }
        [state, version] = [null, 0];
      } else if (checkFirst) {
        const read = await this.read(caseId, context.operation);
        if (read.done) return read.done;
        [state, version, checked] = [read.state, read.version, true];
      } else {
        // The first attempt decides on the state this process last saw of the case, if any; a
        // refusal or a conflict on that state is not trusted and the case is read again.
        const kept = attempt === 1 ? this.cases.cached(caseId) : undefined;
        ({ state, version } = kept ?? (await this.cases.loadCurrent(caseId)));
        cached = kept !== undefined;
      }
      let events: CaseEvent[];
      try {
        if (!opens && (!state || !mayCommand(state, command, principal.agencyId, principal.role))) {
          throw new CaseNotFoundError();
        }
        if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
          throw new PreconditionFailedError(version);
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
        // A refusal of a state that may hold another attempt's events of this very operation
        // (accepting a referral already accepted by it) is that attempt's success, not a refusal.
        if (shared && !checked && !opens) {
          const done = (await this.read(caseId, context.operation)).done;
          if (done) return done;
        }
        throw error;
      }
      try {
        const result = await this.store.append(
          caseStreamId(caseId),
          events.map((event, index) => ({
            eventId: eventIdOf(context.operation.id, index),
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
        // A repeat of an append stored before holds that append's events, not these.
        if (result.alreadyStored) this.cases.forget(caseId);
        else this.cases.appended(caseId, state, events, result.nextExpectedVersion);
        return { caseId, version: result.nextExpectedVersion };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // The case id is the operation's: a case of that id is another attempt's, or none at all.
        if (opens) {
          const done = (await this.read(caseId, context.operation)).done;
          if (done) return done;
          throw new CaseExistsError();
        }
        // Kept state that was behind: decide again on the stored case (which may not be visible).
        if (cached) continue;
        if (context.expectedVersion !== undefined)
          throw new PreconditionFailedError(error.actualVersion);
        if (attempt >= MAX_ATTEMPTS) {
          this.logger.warn(`case ${caseId}: gave up after ${attempt} concurrent-write retries`);
          throw new CaseBusyError();
        }
        await sleep(BACKOFF_MS * attempt * (0.5 + Math.random()));
      }
    }
  }

  /**
   * The case as stored, and whether it holds `operation`'s events: the ids an operation's events
   * have are its own (eventIdOf), so finding them in the stream finds the operation done.
   */
  private async read(
    caseId: string,
    operation: Operation,
  ): Promise<{ state: CaseState | null; version: number; done: CaseCommandResult | null }> {
    const ids = new Set(
      Array.from({ length: MAX_EVENTS_PER_OPERATION }, (_, index) =>
        eventIdOf(operation.id, index),
      ),
    );
    const { current, headVersion, events } = await this.cases.load(caseId);
    const own = events.filter((event) => ids.has(event.eventId));
    return {
      state: current,
      version: headVersion,
      done: own.length > 0 ? { caseId, version: own[own.length - 1].version } : null,
    };
  }
}
