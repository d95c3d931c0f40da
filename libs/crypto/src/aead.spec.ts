import { randomBytes } from 'node:crypto';
import { open, seal } from './aead';

describe('AES-256-GCM sealing', () => {
  const key = randomBytes(32);
  const plaintext = Buffer.from(JSON.stringify({ fullName: 'Test Person' }));

  it('opens what it sealed, with a fresh nonce each time', () => {
    const a = seal(key, 'k1', plaintext, 'case-1');
    const b = seal(key, 'k1', plaintext, 'case-1');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toContain('Test Person');
    expect(open(key, a, 'case-1').equals(plaintext)).toBe(true);
  });

  it('refuses another owner, another key and a changed ciphertext', () => {
    const sealed = seal(key, 'k1', plaintext, 'case-1');
    expect(() => open(key, sealed, 'case-2')).toThrow();
    expect(() => open(randomBytes(32), sealed, 'case-1')).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() =>
      open(key, { ...sealed, ciphertext: flipped.toString('base64') }, 'case-1'),
    ).toThrow();
  });

  it('refuses a shortened tag or a nonce of the wrong length', () => {
    const sealed = seal(key, 'k1', plaintext, 'case-1');
    const shortTag = Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => open(key, { ...sealed, tag: shortTag }, 'case-1')).toThrow(/malformed/);
    const longIv = randomBytes(16).toString('base64');
    expect(() => open(key, { ...sealed, iv: longIv }, 'case-1')).toThrow(/malformed/);
  });
});
