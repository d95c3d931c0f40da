import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomBytesPooled } from './random';

export const AES_256_GCM = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

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
  const iv = randomBytesPooled(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
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
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  // A shortened tag would be accepted by GCM and be far easier to forge: only full ones open.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new Error('sealed value has a malformed nonce or tag');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
    decipher.final(),
  ]);
}
