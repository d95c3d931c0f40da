import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { AppConfig, EventStoreKind } from '@app/config';

export const MASTER_KEY = Symbol('MASTER_KEY');

const KEY_FILE = 'master.key';

/**
 * The key that wraps every case key and webhook secret. Server deployments must provide it;
 * the zero-configuration embedded default creates one beside its data, readable by the owner
 * only, so that the first start needs no setup and data at rest is still encrypted.
 */
export async function loadMasterKey(config: AppConfig): Promise<Buffer> {
  if (config.MASTER_KEY) return Buffer.from(config.MASTER_KEY, 'base64');
  if (config.EVENT_STORE !== EventStoreKind.Embedded) {
    throw new Error('MASTER_KEY is required unless EVENT_STORE=embedded');
  }
  const dir = resolve(config.DATA_DIR);
  const path = join(dir, KEY_FILE);
  try {
    const { mode } = await stat(path);
    // Like ssh with a private key: a key others can read is not used.
    if ((mode & 0o077) !== 0) {
      throw new Error(`${path} is readable by others than its owner: chmod 600 it`);
    }
    return decodeKey(await readFile(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  new Logger('MasterKey').warn(
    `generated a master key at ${path}; back it up with the data directory, or set MASTER_KEY`,
  );
  return key;
}

function decodeKey(text: string, path: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a base64 32-byte key`);
  return key;
}
