export * from './cases.module';
export * from './shared/case-repository';
export * from './erase-personal-data/erased-case-keys.processor';
