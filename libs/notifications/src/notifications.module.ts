import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { AgenciesModule } from '@app/access';
import { CaseCommandsModule } from '@app/cases';
import { AppConfig } from '@app/config';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { Readiness } from '@app/health';
import { PROJECTIONS_MIGRATIONS } from '@app/projections';
import { NotificationsController } from './admin/notifications.controller';
import { NotificationSweeper } from './deadlines/notification-sweeper';
import { NotificationDelivery } from './delivery/notification-delivery';
import { NotificationWorker } from './delivery/notification-worker';
import { WebhookSender } from './delivery/webhook-sender';
import { NOTIFICATIONS_MIGRATIONS } from './notifications.migrations';
import { NotificationRelay, NotificationRelayRunner } from './relay/notification-relay';
import { NotificationLedger } from './shared/notification-ledger';
import { NotificationQueue } from './shared/notification-queue';
import { NotificationRepository } from './shared/notification.repository';

/** The notifications table and the queue's producer side: what the API and the worker share. */
@Module({
  imports: [AgenciesModule],
  providers: [NotificationRepository, NotificationLedger, NotificationQueue],
  exports: [AgenciesModule, NotificationRepository, NotificationLedger, NotificationQueue],
})
export class NotificationStoreModule implements OnModuleInit {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly notifications: NotificationRepository,
    private readonly readiness: Readiness,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, NOTIFICATIONS_MIGRATIONS);
    this.readiness.report('notifications', () => this.notifications.backlog());
  }
}

/**
 * The API's side: the relay from the event log to the notifications table and the queue (it
 * runs where events are appended, so an append wakes it at once), and the operators' endpoints.
 */
@Module({
  imports: [NotificationStoreModule],
  controllers: [NotificationsController],
  providers: [NotificationRelay, NotificationRelayRunner],
  exports: [NotificationStoreModule],
})
export class NotificationsModule {}

/** The worker's side: delivering webhooks, reconciling the queue, deadlines. */
@Module({
  imports: [NotificationStoreModule, CaseCommandsModule],
  providers: [
    {
      provide: WebhookSender,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new WebhookSender(
          {
            allowHttp: config.ALLOW_HTTP_WEBHOOKS,
            allowPrivate: config.ALLOW_PRIVATE_WEBHOOK_TARGETS,
          },
          config.WEBHOOK_TIMEOUT_MS,
        ),
    },
    NotificationDelivery,
    NotificationWorker,
    NotificationSweeper,
  ],
  exports: [NotificationWorker, NotificationSweeper],
})
export class NotificationWorkerModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** The deadline sweep reads the referral inbox: its table must exist, whoever starts first. */
  async onModuleInit(): Promise<void> {
    await migrate(this.sql, PROJECTIONS_MIGRATIONS);
  }
}
