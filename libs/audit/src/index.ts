export * from './audit.module';
export * from './audit.migrations';
export * from './anchors/audit-anchors';
export * from './anchors/anchor-scheduler';
export * from './audit-key/audit-key';
export * from './audit-key/audit-key.token';
