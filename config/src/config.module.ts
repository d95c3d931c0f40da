import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app.config';

/**
 * The single place where the process environment is read. Tests pass their own map.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => loadConfig(environment(env)) }],
      exports: [AppConfig],
    };
  }
}

/** The environment configuration is read from: the given map, or the process's own. */
export function environment(
  env?: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return env ?? process.env;
}
