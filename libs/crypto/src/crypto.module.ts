import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { migrate, SQL_CLIENT, SqlClient } from '@app/database';
import { CRYPTO_MIGRATIONS } from './crypto.migrations';
import { loadMasterKey, MASTER_KEY } from './master-key';
import { PersonalDataVault } from './personal-data-vault';
import { SecretBox } from './secret-box';

@Global()
@Module({
  providers: [
    {
      provide: MASTER_KEY,
      inject: [AppConfig, SQL_CLIENT],
      useFactory: async (config: AppConfig, sql: SqlClient) => {
        await migrate(sql, CRYPTO_MIGRATIONS);
        return loadMasterKey(config);
      },
    },
    PersonalDataVault,
    SecretBox,
  ],
  exports: [PersonalDataVault, SecretBox],
})
export class CryptoModule {}
