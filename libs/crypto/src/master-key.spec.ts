import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { loadMasterKey } from './master-key';

describe('loadMasterKey (embedded default)', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sr-master-key-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates a key readable by its owner only, and loads the same key again', async () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'data') });
    const key = await loadMasterKey(config);
    expect(key).toHaveLength(32);
    expect((await stat(join(dir, 'data', 'master.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'data'))).mode & 0o077).toBe(0);
    expect((await loadMasterKey(config)).equals(key)).toBe(true);
  });

  it('refuses a key file others may read, without printing the key', async () => {
    const path = join(dir, 'master.key');
    const key = randomBytes(32).toString('base64');
    await writeFile(path, `${key}\n`);
    await chmod(path, 0o644);
    const loading = loadMasterKey(loadConfig({ DATA_DIR: dir }));
    await expect(loading).rejects.toThrow(/readable by others than its owner/);
    await expect(loading).rejects.not.toThrow(key);
  });
});
