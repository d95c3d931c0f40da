/** DI token of the server's AuditKey. */
export const AUDIT_KEY = Symbol('AUDIT_KEY');
