import { generateKeyPairSync } from 'node:crypto';
import {
  trustProxy,
  AppConfig,
  ConfigValidationError,
  EventStoreKind,
  loadConfig,
} from './app.config';

const KEY = Buffer.alloc(32, 1).toString('base64');
const AUDIT_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('loadConfig', () => {
  it('defaults to the embedded store', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config.EVENT_STORE).toBe(EventStoreKind.Embedded);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.PORT).toBe(3000);
  });

  it('converts numbers from strings', () => {
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('names the bad variable and does not echo its value', () => {
    expect(() => loadConfig({ EVENT_STORE: 'mongo', PORT: 'abc' })).toThrow(ConfigValidationError);
    try {
      loadConfig({ EVENT_STORE: 'mongo-secret-value' });
    } catch (error) {
      expect((error as Error).message).toMatch(/EVENT_STORE: must be one of/);
      expect((error as Error).message).not.toContain('mongo-secret-value');
    }
  });

  it('requires DATABASE_URL for the postgres store', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/DATABASE_URL/);
    expect(
      loadConfig({
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'postgres://localhost/x',
        MASTER_KEY: KEY,
        AUDIT_SIGNING_KEY: AUDIT_KEY,
      }).DATABASE_URL,
    ).toBe('postgres://localhost/x');
  });

  it('requires a KurrentDB connection string and DATABASE_URL for the kurrentdb store', () => {
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(
      /KURRENTDB_CONNECTION_STRING[\s\S]*|DATABASE_URL/,
    );
    const config = loadConfig({
      EVENT_STORE: 'kurrentdb',
      DATABASE_URL: 'postgres://localhost/x',
      KURRENTDB_CONNECTION_STRING: 'kurrentdb://localhost:2113?tls=false',
      MASTER_KEY: KEY,
      AUDIT_SIGNING_KEY: AUDIT_KEY,
    });
    expect(config.EVENT_STORE).toBe(EventStoreKind.KurrentDb);
  });
});

describe('secrets in configuration', () => {
  it('takes AUDIT_SIGNING_KEY as PEM, or on one line with \\n', () => {
    const server = { EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://x/y', MASTER_KEY: KEY };
    expect(() => loadConfig({ ...server, AUDIT_SIGNING_KEY: 'ssh-ed25519 AAAA' })).toThrow(
      /AUDIT_SIGNING_KEY: must be a PKCS#8 PEM private key/,
    );
    expect(loadConfig({ ...server, AUDIT_SIGNING_KEY: AUDIT_KEY }).AUDIT_SIGNING_KEY).toBe(
      AUDIT_KEY,
    );
    const oneLine = AUDIT_KEY.trim().split('\n').join('\\n');
    expect(loadConfig({ ...server, AUDIT_SIGNING_KEY: oneLine }).AUDIT_SIGNING_KEY).toBe(oneLine);
    // The embedded default makes its own.
    expect(loadConfig({}).AUDIT_SIGNING_KEY).toBeUndefined();
  });

  it('requires MASTER_KEY for server stores and checks its length', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://x/y' })).toThrow(
      /MASTER_KEY/,
    );
    expect(() => loadConfig({ MASTER_KEY: 'c2hvcnQ=' })).toThrow(
      /MASTER_KEY: must be the base64 encoding of exactly 32 bytes/,
    );
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ MASTER_KEY: key }).MASTER_KEY).toBe(key);
  });

  it('refuses a short bootstrap admin key without echoing it', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_KEY: 'tiny-secret' })).toThrow(
      /BOOTSTRAP_ADMIN_KEY: must be at least 24/,
    );
    try {
      loadConfig({ BOOTSTRAP_ADMIN_KEY: 'tiny-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('tiny-secret');
    }
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(trustProxy(loadConfig({}))).toBe(false);
  });

  it('takes a list of proxy addresses or CIDRs, not a hop count', () => {
    expect(trustProxy(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }))).toBe(
      '10.0.0.0/8, 127.0.0.1',
    );
    expect(trustProxy(loadConfig({ TRUST_PROXY: '::1, fd00::/8' }))).toBe('::1, fd00::/8');
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY/);
  });

  it('refuses anything else', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });
});
