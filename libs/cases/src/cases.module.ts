import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyModule } from '@app/idempotency';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { AnswerReferralController } from './answer-referral/answer-referral.controller';
import { AnswerTransferController } from './answer-transfer/answer-transfer.controller';
import { CaseHistoryController } from './case-history/case-history.controller';
import { CaseHistoryHandler } from './case-history/case-history.handler';
import { CASES_MIGRATIONS } from './cases.migrations';
import { CloseCaseController } from './close-case/close-case.controller';
import { ErasePersonalDataController } from './erase-personal-data/erase-personal-data.controller';
import {
  ErasedCaseKeysProcessor,
  ErasedCaseKeysRunner,
} from './erase-personal-data/erased-case-keys.processor';
import { GetCaseController } from './get-case/get-case.controller';
import { GetCaseHandler } from './get-case/get-case.handler';
import { OpenCaseController } from './open-case/open-case.controller';
import { RecordAssistanceDecisionController } from './record-assistance-decision/record-assistance-decision.controller';
import { RecordConsentController } from './record-consent/record-consent.controller';
import { RecordProtectionMeasureController } from './record-protection-measure/record-protection-measure.controller';
import { RecordScreeningController } from './record-screening/record-screening.controller';
import { RequestReferralController } from './request-referral/request-referral.controller';
import { RequestTransferController } from './request-transfer/request-transfer.controller';
import { CaseAccessLog } from './shared/case-access-log';
import { CaseCommands } from './shared/case-commands';
import { CaseRepository } from './shared/case-repository';
import { ExecuteCaseCommandHandler } from './shared/execute-case-command.handler';
import { CaseCommandRunner } from './shared/case-command-runner';
import { OpenCaseHandler } from './open-case/open-case.handler';
import { ErasePersonalDataHandler } from './erase-personal-data/erase-personal-data.handler';
import { PersonalDataReader } from './shared/personal-data-reader';
import { WithdrawReferralController } from './withdraw-referral/withdraw-referral.controller';

/** The case commands and queries of API.md. */
@Module({
  imports: [CqrsModule, IdempotencyModule],
  controllers: [
    OpenCaseController,
    GetCaseController,
    CaseHistoryController,
    RecordScreeningController,
    RecordConsentController,
    RequestReferralController,
    AnswerReferralController,
    WithdrawReferralController,
    RecordAssistanceDecisionController,
    RecordProtectionMeasureController,
    RequestTransferController,
    AnswerTransferController,
    CloseCaseController,
    ErasePersonalDataController,
  ],
  providers: [
    CaseRepository,
    CaseAccessLog,
    CaseCommands,
    PersonalDataReader,
    CaseCommandRunner,
    ExecuteCaseCommandHandler,
    OpenCaseHandler,
    ErasePersonalDataHandler,
    GetCaseHandler,
    CaseHistoryHandler,
    ErasedCaseKeysProcessor,
    ErasedCaseKeysRunner,
  ],
  exports: [ErasedCaseKeysRunner],
})
export class CasesModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, CASES_MIGRATIONS);
  }
}
