import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  anchorSigningPayload,
  auditKeyId,
  generateAuditKeyPair,
  loadAuditPrivateKey,
  loadAuditPublicKey,
  signAnchor,
  signCanonical,
  verifyAnchor,
  verifyCanonical,
} from './audit-signature';

const keys = generateAuditKeyPair();
const other = generateAuditKeyPair();

const anchor = {
  anchorId: '0f8e3c1a-5b7d-4e2f-9a6b-1c2d3e4f5a6b',
  merkleRoot: 'ab'.repeat(32),
  streamCount: 12,
  anchoredAt: '2026-11-21T00:00:00.000Z',
};

describe('audit keys', () => {
  it('are Ed25519 PKCS#8 / SPKI PEM', () => {
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(loadAuditPrivateKey(keys.privateKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(loadAuditPublicKey(keys.publicKeyPem).asymmetricKeyType).toBe('ed25519');
  });

  it('have a stable 16-hex id, the same from PEM, public and private KeyObject', () => {
    const id = auditKeyId(keys.publicKeyPem);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(auditKeyId(createPublicKey(keys.publicKeyPem))).toBe(id);
    expect(auditKeyId(createPrivateKey(keys.privateKeyPem))).toBe(id);
    expect(auditKeyId(other.publicKeyPem)).not.toBe(id);
  });

  it('id is the start of SHA-256 over the SPKI DER, built here from the raw key bytes', () => {
    const raw = Buffer.from(
      createPublicKey(keys.publicKeyPem).export({ format: 'jwk' }).x!,
      'base64url',
    );
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    const expected = createHash('sha256').update(spki).digest('hex').slice(0, 16);
    expect(auditKeyId(keys.publicKeyPem)).toBe(expected);
  });

  it('refuse a key that is not Ed25519 without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    expect(() => loadAuditPrivateKey(rsa.privateKey)).toThrow(
      'The audit signing key must be an Ed25519 key, not rsa',
    );
    expect(() => loadAuditPublicKey(rsa.publicKey)).toThrow('must be an Ed25519 key');
    const garbage = 'not-a-key-SECRET-MATERIAL';
    for (const load of [loadAuditPrivateKey, loadAuditPublicKey]) {
      let message = '';
      try {
        load(garbage);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/not a readable PEM/);
      expect(message).not.toContain('SECRET');
    }
  });
});

describe('signCanonical / verifyCanonical', () => {
  const value = { b: [1, 'two', { c: null }], a: 'ä' };

  it('round-trips and ignores key order, since the canonical form is signed', () => {
    const signature = signCanonical(value, keys.privateKeyPem);
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(verifyCanonical(value, signature, keys.publicKeyPem)).toBe(true);
    expect(
      verifyCanonical({ a: 'ä', b: [1, 'two', { c: null }] }, signature, keys.publicKeyPem),
    ).toBe(true);
  });

  it('fails for changed content, another key or a malformed signature, never throwing', () => {
    const signature = signCanonical(value, loadAuditPrivateKey(keys.privateKeyPem));
    expect(verifyCanonical({ ...value, a: 'a' }, signature, keys.publicKeyPem)).toBe(false);
    expect(verifyCanonical(value, signature, other.publicKeyPem)).toBe(false);
    const bytes = Buffer.from(signature, 'base64');
    bytes[10] ^= 0x01;
    expect(verifyCanonical(value, bytes.toString('base64'), keys.publicKeyPem)).toBe(false);
    for (const bad of ['', '!!!!', 'abc', signature.slice(4), `${signature}AAAA`, 42, null]) {
      expect(verifyCanonical(value, bad, keys.publicKeyPem)).toBe(false);
    }
    expect(verifyCanonical(value, signature, 'not a key')).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(verifyCanonical(value, signature, rsa)).toBe(false);
    expect(verifyCanonical({ n: 10n }, signature, keys.publicKeyPem)).toBe(false);
  });

  it('refuses to sign with a public key', () => {
    expect(() => signCanonical(value, createPublicKey(keys.publicKeyPem))).toThrow(
      'Signing needs the audit private key',
    );
  });
});

describe('anchors', () => {
  it('sign a tagged payload of exactly the anchor fields', () => {
    expect(anchorSigningPayload({ ...anchor, extra: 1 } as typeof anchor)).toEqual({
      format: 'safe-referral.audit-anchor.v1',
      ...anchor,
    });
    const signature = signAnchor(anchor, keys.privateKeyPem);
    expect(verifyAnchor(anchor, signature, keys.publicKeyPem)).toBe(true);
    expect(verifyCanonical(anchorSigningPayload(anchor), signature, keys.publicKeyPem)).toBe(true);
    expect(verifyCanonical(anchor, signature, keys.publicKeyPem)).toBe(false);
  });

  it('fail after any field changes, with another key or a garbage signature', () => {
    const signature = signAnchor(anchor, keys.privateKeyPem);
    const changed = [
      { ...anchor, anchorId: anchor.anchorId.replace('0f8e', '1f8e') },
      { ...anchor, merkleRoot: 'ac' + anchor.merkleRoot.slice(2) },
      { ...anchor, streamCount: 13 },
      { ...anchor, anchoredAt: '2026-11-21T00:00:00.001Z' },
    ];
    for (const a of changed) expect(verifyAnchor(a, signature, keys.publicKeyPem)).toBe(false);
    expect(verifyAnchor(anchor, signature, other.publicKeyPem)).toBe(false);
    expect(verifyAnchor(anchor, 'garbage', keys.publicKeyPem)).toBe(false);
  });
});
