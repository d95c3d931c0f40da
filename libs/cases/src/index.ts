export * from './cases.module';
export * from './shared/case-repository';
export * from './erase-personal-data/erased-case-keys.processor';
export * from './shared/case-commands.module';
export * from './shared/case-command-runner';
export * from './shared/case-access-log';
export { uuidParam } from './shared/uuid-param.pipe';
