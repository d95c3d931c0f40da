import { Module } from '@nestjs/common';
import { AgenciesModule } from '@app/access';
import { CaseCommandRunner } from './case-command-runner';
import { CaseRepository } from './case-repository';

/**
 * The command path without its endpoints: for processes that issue case commands of their own
 * (the notification worker marks referrals overdue through it, like any other command).
 */
@Module({
  imports: [AgenciesModule],
  providers: [CaseRepository, CaseCommandRunner],
  exports: [CaseRepository, CaseCommandRunner],
})
export class CaseCommandsModule {}
