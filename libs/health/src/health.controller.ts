import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { Public } from '@app/access';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { CheckpointStore, EVENT_STORE, EventStore } from '@app/event-store';
import { REDIS } from '@app/redis';

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
      'Every store this process uses answers: database, event store, Redis. The details also show ' +
      'each subscription of the event log, and whether one is stalled on an event.',
  })
  ready() {
    return this.health.check([
      () => this.probe('database', () => this.sql.query('SELECT 1')),
      () => this.probe('eventStore', () => this.eventStore.ping()),
      () => this.probe('redis', () => this.redis.ping()),
      () => this.subscriptions(),
    ]);
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
