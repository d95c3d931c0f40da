import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { Public } from '@app/access';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { CheckpointStore, EVENT_STORE, EventStore } from '@app/event-store';
import { REDIS } from '@app/redis';
import { Readiness } from './readiness';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly readiness: Readiness,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependency is checked).' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Every store this process needs answers: database and event store (and Redis for the ' +
      'notification worker). The API does not need Redis to take commands: with Redis down it ' +
      'stays ready and shows redis as state "unavailable". The details also show each ' +
      'subscription of the event log, whether one is stalled on an event, and the notification ' +
      'backlog.',
  })
  ready() {
    return this.health.check([
      () => this.probe('database', () => this.sql.query('SELECT 1')),
      () => this.probe('eventStore', () => this.eventStore.ping()),
      () =>
        this.readiness.redisRequired
          ? this.probe('redis', () => this.redis.ping())
          : this.optional('redis', () => this.redis.ping()),
      () => this.subscriptions(),
      ...this.readiness.reported.map(
        ([key, figures]) =>
          () =>
            this.figures(key, figures),
      ),
    ]);
  }

  /** A store the process works without: shown, never a reason to be unready. */
  private async optional(key: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(check());
      return indicator.up({ state: 'available' });
    } catch {
      return indicator.up({ state: 'unavailable' });
    }
  }

  private async figures(key: string, figures: () => Promise<Record<string, unknown>>) {
    const indicator = this.indicators.check(key);
    try {
      return indicator.up(await withTimeout(figures()));
    } catch {
      // The database check reports the cause.
      return indicator.up({ state: 'unknown' });
    }
  }

  /**
   * A stalled subscription does not make the process unready (commands and case reads do not
   * depend on it, and every replica would be taken out of service at once), but it is shown:
   * where it is stuck, since when, how often it was tried and the error's name.
   */
  private async subscriptions() {
    const indicator = this.indicators.check('subscriptions');
    try {
      const states = await withTimeout(new CheckpointStore(this.sql).states());
      return indicator.up(
        Object.fromEntries(
          states.map((state) => [
            state.name,
            state.stalled
              ? { state: 'stalled', checkpoint: state.checkpoint, ...state.stalled }
              : { state: 'running', checkpoint: state.checkpoint, updatedAt: state.updatedAt },
          ]),
        ),
      );
    } catch {
      // The database check reports the cause; nothing is known of the subscriptions meanwhile.
      return indicator.up({ state: 'unknown' });
    }
  }

  private async probe(key: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(check());
      return indicator.up();
    } catch (error) {
      // The probe is public: why a store is down (hosts, ports, users) goes to the log only.
      this.logger.warn(`readiness: ${key} is down: ${(error as Error).message}`);
      return indicator.down();
    }
  }
}
