import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const AES_256_GCM = 'AES-256-GCM';

export interface Sealed {
  alg: typeof AES_256_GCM | string;
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/**
 * AES-256-GCM with a fresh 96-bit nonce per message. `aad` binds the ciphertext to its owner
 * (a case id, an agency id), so a sealed value copied to another record does not open there.
 */
export function seal(key: Buffer, keyId: string, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    alg: AES_256_GCM,
    keyId,
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  if (sealed.alg !== AES_256_GCM) throw new Error(`unsupported cipher ${sealed.alg}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
    decipher.final(),
  ]);
}
