export * from './cases.module';
export * from './shared/case-repository';
