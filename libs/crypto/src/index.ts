export * from './aead';
export * from './master-key';
export * from './personal-data-vault';
export * from './secret-box';
export * from './crypto.module';
export * from './crypto.migrations';
