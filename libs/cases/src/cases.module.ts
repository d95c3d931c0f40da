import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyModule } from '@app/idempotency';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { AcceptReferralController } from './accept-referral/accept-referral.controller';
import { AcceptTransferController } from './accept-transfer/accept-transfer.controller';
import { AcknowledgeReferralController } from './acknowledge-referral/acknowledge-referral.controller';
import { CaseAccessLogController } from './case-access-log/case-access-log.controller';
import { CaseAccessLogHandler } from './case-access-log/case-access-log.handler';
import { CaseHistoryController } from './case-history/case-history.controller';
import { CaseHistoryHandler } from './case-history/case-history.handler';
import { CaseIntegrityController } from './case-integrity/case-integrity.controller';
import { CaseIntegrityHandler } from './case-integrity/case-integrity.handler';
import { CASES_MIGRATIONS } from './cases.migrations';
import { CloseCaseController } from './close-case/close-case.controller';
import { CompleteReferralController } from './complete-referral/complete-referral.controller';
import { DeclineReferralController } from './decline-referral/decline-referral.controller';
import { DeclineTransferController } from './decline-transfer/decline-transfer.controller';
import { ErasePersonalDataController } from './erase-personal-data/erase-personal-data.controller';
import { ErasePersonalDataHandler } from './erase-personal-data/erase-personal-data.handler';
import {
  ErasedCaseKeysProcessor,
  ErasedCaseKeysRunner,
} from './erase-personal-data/erased-case-keys.processor';
import { GetCaseController } from './get-case/get-case.controller';
import { GetCaseHandler } from './get-case/get-case.handler';
import { OpenCaseController } from './open-case/open-case.controller';
import { OpenCaseHandler } from './open-case/open-case.handler';
import { ReferralPathController } from './referral-path/referral-path.controller';
import { ReferralPathHandler } from './referral-path/referral-path.handler';
import { RecordAssistanceDecisionController } from './record-assistance-decision/record-assistance-decision.controller';
import { RecordConsentController } from './record-consent/record-consent.controller';
import { RecordProtectionMeasureController } from './record-protection-measure/record-protection-measure.controller';
import { RecordScreeningController } from './record-screening/record-screening.controller';
import { ReopenCaseController } from './reopen-case/reopen-case.controller';
import { RequestReferralController } from './request-referral/request-referral.controller';
import { RequestTransferController } from './request-transfer/request-transfer.controller';
import { CaseAccessLog } from './shared/case-access-log';
import { CaseCommandSender } from './shared/case-command-sender';
import { CaseCommandsModule } from './shared/case-commands.module';
import { ExecuteCaseCommandHandler } from './shared/execute-case-command.handler';
import { PersonalDataReader } from './shared/personal-data-reader';
import { WithdrawReferralController } from './withdraw-referral/withdraw-referral.controller';

/** The case commands and queries of the REST API. */
@Module({
  imports: [CqrsModule, IdempotencyModule, CaseCommandsModule],
  controllers: [
    OpenCaseController,
    GetCaseController,
    CaseHistoryController,
    ReferralPathController,
    CaseIntegrityController,
    CaseAccessLogController,
    RecordScreeningController,
    RecordConsentController,
    RequestReferralController,
    AcknowledgeReferralController,
    AcceptReferralController,
    DeclineReferralController,
    CompleteReferralController,
    WithdrawReferralController,
    RecordAssistanceDecisionController,
    RecordProtectionMeasureController,
    RequestTransferController,
    AcceptTransferController,
    DeclineTransferController,
    CloseCaseController,
    ReopenCaseController,
    ErasePersonalDataController,
  ],
  providers: [
    CaseAccessLog,
    PersonalDataReader,
    CaseCommandSender,
    ExecuteCaseCommandHandler,
    OpenCaseHandler,
    ErasePersonalDataHandler,
    GetCaseHandler,
    CaseHistoryHandler,
    ReferralPathHandler,
    CaseIntegrityHandler,
    CaseAccessLogHandler,
    ErasedCaseKeysProcessor,
    ErasedCaseKeysRunner,
  ],
  exports: [ErasedCaseKeysRunner, CaseAccessLog],
})
export class CasesModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, CASES_MIGRATIONS);
  }
}
