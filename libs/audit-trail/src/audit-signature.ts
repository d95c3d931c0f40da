import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import canonicalize from 'canonicalize';

/** A key as a KeyObject or as PEM text. */
export type AuditKey = KeyObject | string;

export const AUDIT_ANCHOR_FORMAT = 'safe-referral.audit-anchor.v1';

export interface AnchorFields {
  anchorId: string;
  merkleRoot: string;
  streamCount: number;
  anchoredAt: string;
}

/** The object an anchor's signature covers; the format tag keeps it from passing as a bundle. */
export interface AnchorSigningPayload extends AnchorFields {
  format: typeof AUDIT_ANCHOR_FORMAT;
}

const ED25519_SIGNATURE_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Errors name the key's kind only: key material (or what was passed for it) must not reach a
 * log or a terminal.
 */
export function loadAuditPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('The audit signing key is not a readable PEM private key');
  }
  assertEd25519(key, 'audit signing key');
  return key;
}

/** A private key is accepted too: its public half is used. */
export function loadAuditPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error('The audit public key is not a readable PEM key');
  }
  assertEd25519(key, 'audit public key');
  return key;
}

export function generateAuditKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Names the key in a signature, so a verifier can tell "another key" from "changed content". */
export function auditKeyId(publicKey: AuditKey): string {
  const spki = publicKeyOf(publicKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

export function signCanonical(value: unknown, privateKey: AuditKey): string {
  const key = typeof privateKey === 'string' ? loadAuditPrivateKey(privateKey) : privateKey;
  if (key.type !== 'private') throw new Error('Signing needs the audit private key');
  assertEd25519(key, 'audit signing key');
  return sign(null, canonicalBytes(value), key).toString('base64');
}

/** False, never an exception: whatever a hand-edited file holds is an answer, not a crash. */
export function verifyCanonical(
  value: unknown,
  signatureBase64: unknown,
  publicKey: AuditKey,
): boolean {
  try {
    if (typeof signatureBase64 !== 'string' || !isBase64(signatureBase64)) return false;
    const signature = Buffer.from(signatureBase64, 'base64');
    if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
    const key = publicKeyOf(publicKey);
    return verify(null, canonicalBytes(value), key, signature);
  } catch {
    return false;
  }
}

export function anchorSigningPayload(a: AnchorFields): AnchorSigningPayload {
  return {
    format: AUDIT_ANCHOR_FORMAT,
    anchorId: a.anchorId,
    merkleRoot: a.merkleRoot,
    streamCount: a.streamCount,
    anchoredAt: a.anchoredAt,
  };
}

export function signAnchor(a: AnchorFields, privateKey: AuditKey): string {
  return signCanonical(anchorSigningPayload(a), privateKey);
}

export function verifyAnchor(
  a: AnchorFields,
  signatureBase64: unknown,
  publicKey: AuditKey,
): boolean {
  return verifyCanonical(anchorSigningPayload(a), signatureBase64, publicKey);
}

function publicKeyOf(key: AuditKey): KeyObject {
  if (typeof key === 'string') return loadAuditPublicKey(key);
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  assertEd25519(publicKey, 'audit public key');
  return publicKey;
}

function assertEd25519(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`The ${what} must be an Ed25519 key, not ${key.asymmetricKeyType ?? key.type}`);
  }
}

function canonicalBytes(value: unknown): Buffer {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new TypeError('value cannot be represented as canonical JSON');
  return Buffer.from(canonical, 'utf8');
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}
