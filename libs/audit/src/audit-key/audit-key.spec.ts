import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKeyId, signCanonical, verifyCanonical } from '@app/audit-trail';
import { loadConfig } from '@app/config';
import { loadAuditKey } from './audit-key';

const pem = (type: 'ed25519' | 'ec') =>
  (type === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('loadAuditKey', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sr-audit-key-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a key in the embedded data directory, owner-only, and loads the same key again', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'data') });
    const key = await loadAuditKey(config);
    const path = join(dir, 'data', 'audit-signing.key');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const again = await loadAuditKey(config);
    expect(again.keyId).toBe(key.keyId);
    expect(key.keyId).toBe(auditKeyId(key.publicKeyPem));
    expect(
      verifyCanonical({ a: 1 }, signCanonical({ a: 1 }, again.privateKey), key.publicKey),
    ).toBe(true);
  });

  it('refuses a generated key file others may read', async () => {
    const config = loadConfig({ DATA_DIR: dir });
    await loadAuditKey(config);
    await chmod(join(dir, 'audit-signing.key'), 0o644);
    await expect(loadAuditKey(config)).rejects.toThrow(/readable by others/);
  });

  it('takes AUDIT_SIGNING_KEY as PEM, or on one line with \\n, and writes no file', async () => {
    const key = pem('ed25519');
    const server = {
      EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://x/y',
      MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      DATA_DIR: dir,
    };
    const multiline = await loadAuditKey(loadConfig({ ...server, AUDIT_SIGNING_KEY: key }));
    const oneLine = await loadAuditKey(
      loadConfig({ ...server, AUDIT_SIGNING_KEY: key.trim().split('\n').join('\\n') }),
    );
    expect(oneLine.keyId).toBe(multiline.keyId);
    await expect(stat(join(dir, 'audit-signing.key'))).rejects.toThrow();
  });

  it('is required on a server store', async () => {
    const config = loadConfig({
      EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://x/y',
      MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      DATA_DIR: dir,
    });
    await expect(loadAuditKey(config)).rejects.toThrow(/AUDIT_SIGNING_KEY is required/);
  });

  it('refuses a key that is not Ed25519, without echoing it', async () => {
    const key = pem('ec');
    const config = loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY: key });
    const error = await loadAuditKey(config).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain(key.split('\n')[1]);
  });
});
