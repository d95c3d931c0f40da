import { createPublicKey, KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { auditKeyId, generateAuditKeyPair, loadAuditPrivateKey } from '@app/audit-trail';
import { AppConfig, EventStoreKind } from '@app/config';

/** The server's audit key: it signs anchors and bundles; auditors verify with its public half. */
export class AuditKey {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;

  constructor(readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = auditKeyId(this.publicKey);
  }
}

const KEY_FILE = 'audit-signing.key';

/**
 * AUDIT_SIGNING_KEY, or for the zero-configuration embedded default a key generated beside its
 * data (readable by the owner only), as the master key is.
 */
export async function loadAuditKey(config: AppConfig): Promise<AuditKey> {
  if (config.AUDIT_SIGNING_KEY) {
    return new AuditKey(loadAuditPrivateKey(config.AUDIT_SIGNING_KEY.replace(/\\n/g, '\n')));
  }
  if (config.EVENT_STORE !== EventStoreKind.Embedded) {
    throw new Error('AUDIT_SIGNING_KEY is required unless EVENT_STORE=embedded');
  }
  const dir = resolve(config.DATA_DIR);
  const path = join(dir, KEY_FILE);
  try {
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) {
      throw new Error(`${path} is readable by others than its owner: chmod 600 it`);
    }
    return new AuditKey(loadAuditPrivateKey(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKeyPem } = generateAuditKeyPair();
  await writeFile(path, privateKeyPem, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  new Logger('AuditKey').warn(
    `generated an audit signing key at ${path}; back it up with the data directory, or set AUDIT_SIGNING_KEY`,
  );
  return new AuditKey(loadAuditPrivateKey(privateKeyPem));
}
