import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app.config';

/**
 * The single place where the process environment is read. Tests pass their own map.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => loadConfig(env) }],
      exports: [AppConfig],
    };
  }
}
