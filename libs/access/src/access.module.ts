import { Global, Module, OnModuleInit, Inject } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { ACCESS_MIGRATIONS } from './access.migrations';
import { AgenciesModule } from './agencies/agencies.module';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuthGuard } from './auth/auth.guard';
import { IssueApiKeyController } from './issue-api-key/issue-api-key.controller';
import { ListAgenciesController } from './list-agencies/list-agencies.controller';
import { RegisterAgencyController } from './register-agency/register-agency.controller';
import { RevokeApiKeyController } from './revoke-api-key/revoke-api-key.controller';
import { WhoAmIController } from './who-am-i/who-am-i.controller';

/** Agencies, API keys, authentication and the permission table. */
@Global()
@Module({
  imports: [AgenciesModule],
  controllers: [
    RegisterAgencyController,
    ListAgenciesController,
    IssueApiKeyController,
    RevokeApiKeyController,
    WhoAmIController,
  ],
  providers: [ApiKeyRepository, ApiKeyService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AgenciesModule, ApiKeyService],
})
export class AccessModule implements OnModuleInit {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, ACCESS_MIGRATIONS);
  }
}
