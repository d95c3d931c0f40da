export * from './access.module';
export * from './agencies/agency-registry';
export * from './api-keys/api-key.service';
export * from './auth/auth.decorators';
export * from './auth/auth-failure-limiter';
export * from './auth/permissions';
export * from './auth/principal';
export * from './access.errors';
