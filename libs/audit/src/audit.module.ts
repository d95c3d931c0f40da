import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { CasesModule } from '@app/cases';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { NotificationStoreModule } from '@app/notifications';
import { AnchorScheduler } from './anchors/anchor-scheduler';
import { AnchorWitnesses } from './anchors/anchor-witnesses';
import { AnchorsController } from './anchors/anchors.controller';
import { AuditAnchors } from './anchors/audit-anchors';
import { AuditBundleController } from './audit-bundle/audit-bundle.controller';
import { AuditBundleExport } from './audit-bundle/audit-bundle.export';
import { loadAuditKey } from './audit-key/audit-key';
import { AUDIT_KEY } from './audit-key/audit-key.token';
import { PublicKeyController } from './audit-key/public-key.controller';
import { AUDIT_MIGRATIONS } from './audit.migrations';

/**
 * What auditors rely on beyond the case reads: the audit key and its public half, anchors
 * (signed Merkle roots over every stream, made periodically and on demand, sent to oversight
 * agencies) and their verification, and the signed audit bundle of a case.
 */
@Module({
  imports: [CasesModule, NotificationStoreModule],
  controllers: [AnchorsController, PublicKeyController, AuditBundleController],
  providers: [
    { provide: AUDIT_KEY, inject: [AppConfig], useFactory: loadAuditKey },
    AuditAnchors,
    AnchorWitnesses,
    AnchorScheduler,
    AuditBundleExport,
  ],
  exports: [AuditAnchors, AnchorScheduler],
})
export class AuditModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, AUDIT_MIGRATIONS);
  }
}
