import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Cryptographically secure random bytes for nonces, drawn from a buffer the CSPRNG
 * fills 4 KiB at a time: one system call per few hundred draws instead of one each (uuid and
 * Node's randomUUID pool the same way). Each byte is handed out once, copied into a buffer of its
 * own, and wiped from the pool. Not for keys: the pool holds bytes before they are used.
 */
export function randomBytesPooled(size: number): Buffer {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`invalid size ${size}`);
  if (size > POOL_BYTES / 4) return randomBytes(size);
  if (offset + size > pool.length) {
    pool.fill(0);
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    offset = 0;
  }
  const bytes = Buffer.allocUnsafeSlow(size);
  pool.copy(bytes, 0, offset, offset + size);
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}
