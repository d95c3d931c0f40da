import { GENESIS_HASH, hashEvent } from '@app/event-store';
import {
  AuditKey,
  auditKeyId,
  signCanonical,
  verifyAnchor,
  verifyCanonical,
} from './audit-signature';
import { AnchorLeaf, anchorLeafHash, verifyInclusion } from './merkle';

/**
 * The signed export of one case (GET /v1/cases/{caseId}/audit-bundle) and its offline check.
 * Sealed personal data inside event data is verified as stored: never opened, never printed.
 */

export const AUDIT_BUNDLE_FORMAT = 'safe-referral.audit-bundle.v1';

export interface AuditSignature {
  algorithm: 'Ed25519';
  keyId: string;
  /** Base64 Ed25519 signature over the RFC 8785 canonical JSON of what it signs. */
  value: string;
}

export interface BundleEvent {
  version: number;
  eventId: string;
  type: string;
  /** Equal to `metadata.recordedAt`, which is the hashed copy. */
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
  hash: string;
  prevHash: string;
}

/** Where a stream's head sits in an anchor's Merkle tree. */
export interface StreamProof {
  leaf: AnchorLeaf;
  leafIndex: number;
  /** Hex node hashes, nearest the leaf first (RFC 9162 §2.1.3.1). */
  proof: string[];
}

export interface BundleAnchor extends StreamProof {
  anchorId: string;
  merkleRoot: string;
  anchoredAt: string;
  streamCount: number;
  /** Over `anchorSigningPayload`, so the anchor verifies apart from any bundle. */
  signature: AuditSignature;
}

export interface AuditBundle {
  format: typeof AUDIT_BUNDLE_FORMAT;
  caseId: string;
  exportedAt: string;
  streamId: string;
  events: BundleEvent[];
  notifications: { streamId: string; events: BundleEvent[]; proof: StreamProof | null };
  anchor: BundleAnchor | null;
  /** Over the whole bundle without this property. */
  signature: AuditSignature;
}

export type UnsignedAuditBundle = Omit<AuditBundle, 'signature'>;

export type BundleVerification =
  | { valid: true; eventsChecked: number; notificationEventsChecked: number; anchored: boolean }
  | { valid: false; problem: string };

export function bundleSigningPayload(
  bundle: UnsignedAuditBundle & { signature?: unknown },
): UnsignedAuditBundle {
  const { signature: _signature, ...payload } = bundle;
  return payload;
}

/** A `signature` already on `unsigned` is replaced, so a bundle can be signed again. */
export function signBundle(
  unsigned: UnsignedAuditBundle & { signature?: unknown },
  privateKey: AuditKey,
  keyId: string,
): AuditBundle {
  // A wrong id would make every auditor's check report "another key" for a good bundle.
  if (auditKeyId(privateKey) !== keyId) throw new Error('keyId does not name the signing key');
  const payload = bundleSigningPayload(unsigned);
  return {
    ...payload,
    signature: { algorithm: 'Ed25519', keyId, value: signCanonical(payload, privateKey) },
  };
}

/**
 * Checks in a fixed order and names the first problem: shape, the bundle's signature, each
 * stream's hash chain, the anchor's signature, then each anchored stream's leaf and proof.
 * Throws only when `publicKey` itself is not an Ed25519 key; whatever the bundle holds is
 * answered with a problem.
 */
export function verifyBundle(bundle: unknown, publicKey: AuditKey): BundleVerification {
  const invalid = (problem: string): BundleVerification => ({ valid: false, problem });
  const givenKeyId = auditKeyId(publicKey);

  const shape = bundleShapeProblem(bundle);
  if (shape !== null) return invalid(shape);
  const b = bundle as AuditBundle;

  if (b.signature.keyId !== givenKeyId) {
    return invalid(`signed by key ${b.signature.keyId}, not by the key given (${givenKeyId})`);
  }
  if (!verifyCanonical(bundleSigningPayload(b), b.signature.value, publicKey)) {
    return invalid('signature does not verify');
  }

  const chain =
    chainProblem(b.streamId, b.events, '') ??
    chainProblem(b.notifications.streamId, b.notifications.events, 'notifications stream ');
  if (chain !== null) return invalid(chain);

  const anchor = b.anchor;
  if (anchor !== null) {
    if (anchor.signature.keyId !== givenKeyId) {
      return invalid(
        `anchor signed by key ${anchor.signature.keyId}, not by the key given (${givenKeyId})`,
      );
    }
    if (!verifyAnchor(anchor, anchor.signature.value, publicKey)) {
      return invalid('anchor signature does not verify');
    }
    const anchored =
      anchoredStreamProblem(anchor, anchor, b.streamId, b.events, '') ??
      (b.notifications.proof === null
        ? null
        : anchoredStreamProblem(
            anchor,
            b.notifications.proof,
            b.notifications.streamId,
            b.notifications.events,
            'notifications stream: ',
          ));
    if (anchored !== null) return invalid(anchored);
  }

  return {
    valid: true,
    eventsChecked: b.events.length,
    notificationEventsChecked: b.notifications.events.length,
    anchored: anchor !== null,
  };
}

function chainProblem(streamId: string, events: BundleEvent[], stream: string): string | null {
  let prevHash = GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    const version = i + 1;
    const at = `${stream}event at version ${version}`;
    if (event.version !== version)
      return `${stream}events are not in version order at version ${version}`;
    if (event.prevHash !== prevHash) {
      return version === 1
        ? `${at}: prevHash is not the genesis hash`
        : `${at}: prevHash does not link to version ${version - 1}`;
    }
    if (contentHash(streamId, event) !== event.hash)
      return `${at}: hash does not match its content`;
    // The top-level copy is not hashed; a reader filtering by it must see the hashed time.
    if (event.metadata.recordedAt !== event.recordedAt) {
      return `${at}: recordedAt is not the time its metadata records`;
    }
    prevHash = event.hash;
  }
  return null;
}

function contentHash(streamId: string, event: BundleEvent): string | null {
  try {
    return hashEvent({
      streamId,
      version: event.version,
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      prevHash: event.prevHash,
    });
  } catch {
    return null;
  }
}

function anchoredStreamProblem(
  anchor: BundleAnchor,
  at: StreamProof,
  streamId: string,
  events: BundleEvent[],
  stream: string,
): string | null {
  const { leaf } = at;
  if (leaf.streamId !== streamId) return `${stream}anchor leaf is for another stream`;
  if (leaf.version > events.length || events[leaf.version - 1].hash !== leaf.headHash) {
    return `${stream}anchor leaf does not match the stream at version ${leaf.version}`;
  }
  const proof = at.proof.map((node) => Buffer.from(node, 'hex'));
  const root = Buffer.from(anchor.merkleRoot, 'hex');
  if (!verifyInclusion(anchorLeafHash(leaf), at.leafIndex, anchor.streamCount, proof, root)) {
    return `${stream}inclusion proof does not lead to the anchor's root`;
  }
  return null;
}

type Json = Record<string, unknown>;

const HEX_SHA256 = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A proof in a tree of up to 2^53 leaves has at most 53 nodes. */
const MAX_PROOF_LENGTH = 64;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The first way `value` is not shaped like an audit bundle, or null. Messages name fields, never
 * their contents: a hand-edited file may hold anything, personal data included.
 */
export function bundleShapeProblem(value: unknown): string | null {
  if (!isRecord(value) || value.format !== AUDIT_BUNDLE_FORMAT) {
    return 'not an audit bundle (format)';
  }
  const problem =
    fieldProblem(value, 'caseId', 'a UUID', (v) => typeof v === 'string' && UUID.test(v)) ??
    fieldProblem(value, 'exportedAt', 'a time', isTime) ??
    fieldProblem(value, 'streamId', `case-<caseId>`, (v) => v === `case-${String(value.caseId)}`) ??
    eventsProblem(value.events, 'events') ??
    notificationsProblem(value.notifications, String(value.caseId)) ??
    anchorProblem(value.anchor) ??
    signatureProblem(value.signature, 'signature');
  if (problem !== null) return `malformed bundle: ${problem}`;
  if (
    value.anchor === null &&
    isRecord(value.notifications) &&
    value.notifications.proof !== null
  ) {
    return 'malformed bundle: notifications.proof is given without an anchor';
  }
  return null;
}

function fieldProblem(
  record: Json,
  field: string,
  expected: string,
  test: (v: unknown) => boolean,
  path = field,
): string | null {
  return test(record[field]) ? null : `${path} is not ${expected}`;
}

function eventsProblem(events: unknown, path: string): string | null {
  if (!Array.isArray(events)) return `${path} is not a list`;
  for (const [i, event] of events.entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(event)) return `${at} is not an object`;
    const problem =
      fieldProblem(event, 'version', 'a positive integer', isPositiveInteger, `${at}.version`) ??
      fieldProblem(event, 'eventId', 'a string', isString, `${at}.eventId`) ??
      fieldProblem(event, 'type', 'a string', isString, `${at}.type`) ??
      fieldProblem(event, 'recordedAt', 'a time', isTime, `${at}.recordedAt`) ??
      fieldProblem(event, 'data', 'present', () => 'data' in event, `${at}.data`) ??
      fieldProblem(event, 'metadata', 'an object', isRecord, `${at}.metadata`) ??
      fieldProblem(event, 'hash', 'a hex SHA-256', isHexHash, `${at}.hash`) ??
      fieldProblem(event, 'prevHash', 'a hex SHA-256', isHexHash, `${at}.prevHash`);
    if (problem !== null) return problem;
  }
  return null;
}

function notificationsProblem(notifications: unknown, caseId: string): string | null {
  if (!isRecord(notifications)) return 'notifications is not an object';
  const expectedStream = `notifications-${caseId}`;
  return (
    fieldProblem(
      notifications,
      'streamId',
      'notifications-<caseId>',
      (v) => v === expectedStream,
      'notifications.streamId',
    ) ??
    eventsProblem(notifications.events, 'notifications.events') ??
    (notifications.proof === null
      ? null
      : streamProofProblem(notifications.proof, 'notifications.proof'))
  );
}

function anchorProblem(anchor: unknown): string | null {
  if (anchor === null) return null;
  if (!isRecord(anchor)) return 'anchor is neither null nor an object';
  return (
    fieldProblem(anchor, 'anchorId', 'a string', isString, 'anchor.anchorId') ??
    fieldProblem(anchor, 'merkleRoot', 'a hex SHA-256', isHexHash, 'anchor.merkleRoot') ??
    fieldProblem(anchor, 'anchoredAt', 'a time', isTime, 'anchor.anchoredAt') ??
    fieldProblem(
      anchor,
      'streamCount',
      'a positive integer',
      isPositiveInteger,
      'anchor.streamCount',
    ) ??
    signatureProblem(anchor.signature, 'anchor.signature') ??
    streamProofProblem(anchor, 'anchor')
  );
}

function streamProofProblem(value: unknown, path: string): string | null {
  if (!isRecord(value)) return `${path} is neither null nor an object`;
  const leaf = value.leaf;
  if (!isRecord(leaf)) return `${path}.leaf is not an object`;
  return (
    fieldProblem(leaf, 'streamId', 'a string', isString, `${path}.leaf.streamId`) ??
    fieldProblem(
      leaf,
      'version',
      'a positive integer',
      isPositiveInteger,
      `${path}.leaf.version`,
    ) ??
    fieldProblem(leaf, 'headHash', 'a hex SHA-256', isHexHash, `${path}.leaf.headHash`) ??
    fieldProblem(
      value,
      'leafIndex',
      'a non-negative integer',
      (v) => Number.isSafeInteger(v) && (v as number) >= 0,
      `${path}.leafIndex`,
    ) ??
    fieldProblem(
      value,
      'proof',
      `a list of at most ${MAX_PROOF_LENGTH} hex SHA-256`,
      (v) => Array.isArray(v) && v.length <= MAX_PROOF_LENGTH && v.every(isHexHash),
      `${path}.proof`,
    )
  );
}

function signatureProblem(signature: unknown, path: string): string | null {
  if (!isRecord(signature)) return `${path} is not an object`;
  return (
    fieldProblem(signature, 'algorithm', 'Ed25519', (v) => v === 'Ed25519', `${path}.algorithm`) ??
    fieldProblem(
      signature,
      'keyId',
      'a 16-hex key id',
      (v) => isString(v) && KEY_ID.test(v),
      `${path}.keyId`,
    ) ??
    fieldProblem(signature, 'value', 'a string', isString, `${path}.value`)
  );
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function isHexHash(value: unknown): boolean {
  return typeof value === 'string' && HEX_SHA256.test(value);
}

function isTime(value: unknown): boolean {
  return typeof value === 'string' && Number.isFinite(Date.parse(value));
}
