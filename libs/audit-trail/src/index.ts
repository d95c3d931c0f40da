export * from './merkle';
export * from './audit-signature';
export * from './audit-bundle';
export * from './referral-path';
export * from './stored-event';
