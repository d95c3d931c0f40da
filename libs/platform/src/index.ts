export * from './platform.module';
export * from './create-http-app';
