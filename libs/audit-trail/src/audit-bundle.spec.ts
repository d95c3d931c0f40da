import fc from 'fast-check';
import { GENESIS_HASH, hashEvent } from '@app/event-store';
import {
  AuditBundle,
  bundleShapeProblem,
  bundleSigningPayload,
  BundleEvent,
  signBundle,
  UnsignedAuditBundle,
  verifyBundle,
} from './audit-bundle';
import { auditKeyId, generateAuditKeyPair, signAnchor } from './audit-signature';
import { anchorLeafHash, MerkleTree } from './merkle';

const keys = generateAuditKeyPair();
const keyId = auditKeyId(keys.publicKeyPem);
const other = generateAuditKeyPair();

const caseId = '4b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
const CIPHERTEXT = 'U0VBTEVELVZJQ1RJTS1EQVRBLURPLU5PVC1QUklOVA';

interface EventSpec {
  type: string;
  data: unknown;
  recordedAt: string;
}

function chain(streamId: string, specs: EventSpec[]): BundleEvent[] {
  let prevHash = GENESIS_HASH;
  return specs.map((spec, i) => {
    const version = i + 1;
    const eventId = `00000000-0000-4000-8000-${String(version).padStart(12, '0')}`;
    const metadata = {
      recordedAt: spec.recordedAt,
      actor: { agencyId: 'fia-islamabad', role: 'case-officer' },
    };
    const hash = hashEvent({
      streamId,
      version,
      eventId,
      type: spec.type,
      data: spec.data,
      metadata,
      prevHash,
    });
    const event = { version, eventId, ...spec, metadata, hash, prevHash };
    prevHash = hash;
    return event;
  });
}

const referralId = '9d8c7b6a-5f4e-4d3c-9b2a-1f0e9d8c7b6a';

const caseEvents = (): BundleEvent[] =>
  chain(`case-${caseId}`, [
    {
      type: 'case.opened.v1',
      recordedAt: '2026-11-20T09:00:00.000Z',
      data: {
        caseId,
        leadAgencyId: 'fia-islamabad',
        victim: {
          sex: 'female',
          ageGroup: 'adult',
          citizenship: 'PK',
          personal: { alg: 'A256GCM', keyId: 'k1', iv: 'aXY', ciphertext: CIPHERTEXT, tag: 'dGFn' },
        },
      },
    },
    {
      type: 'referral.requested.v1',
      recordedAt: '2026-11-20T10:00:00.000Z',
      data: { referralId, fromAgencyId: 'fia-islamabad', toAgencyId: 'dar-ul-aman-lahore' },
    },
    {
      type: 'referral.acknowledged.v1',
      recordedAt: '2026-11-20T12:30:00.000Z',
      data: { referralId, acknowledgedAt: '2026-11-20T12:30:00.000Z' },
    },
    {
      type: 'referral.accepted.v1',
      recordedAt: '2026-11-21T08:00:00.000Z',
      data: { referralId, acceptedAt: '2026-11-21T08:00:00.000Z', note: null },
    },
  ]);

const notificationEvents = (): BundleEvent[] =>
  chain(`notifications-${caseId}`, [
    {
      type: 'notification.requested.v1',
      recordedAt: '2026-11-20T10:00:00.100Z',
      data: {
        notificationId: 'n-1',
        type: 'referral.requested',
        agencyId: 'dar-ul-aman-lahore',
        referralId,
      },
    },
    {
      type: 'notification.delivered.v1',
      recordedAt: '2026-11-20T10:00:01.000Z',
      data: {
        notificationId: 'n-1',
        type: 'referral.requested',
        agencyId: 'dar-ul-aman-lahore',
        referralId,
        attempts: 1,
        lastStatusCode: 204,
      },
    },
  ]);

const CASE_LEAF_INDEX = 3;
const NOTIFICATIONS_LEAF_INDEX = 5;
const STREAM_COUNT = 7;

/** An anchor over seven streams, the case's and its notifications' among them. */
function build(options: { caseLeafVersion?: number } = {}): AuditBundle {
  const events = caseEvents();
  const notifications = notificationEvents();
  const caseLeafVersion = options.caseLeafVersion ?? events.length;
  const caseLeaf = {
    streamId: `case-${caseId}`,
    version: caseLeafVersion,
    headHash: events[caseLeafVersion - 1].hash,
  };
  const notificationsLeaf = {
    streamId: `notifications-${caseId}`,
    version: notifications.length,
    headHash: notifications[notifications.length - 1].hash,
  };
  const leaves = Array.from({ length: STREAM_COUNT }, (_, i) =>
    i === CASE_LEAF_INDEX
      ? caseLeaf
      : i === NOTIFICATIONS_LEAF_INDEX
        ? notificationsLeaf
        : { streamId: `case-other-${i}`, version: i + 1, headHash: String(i).repeat(64) },
  );
  const tree = new MerkleTree(leaves.map(anchorLeafHash));
  const hex = (proof: Buffer[]) => proof.map((p) => p.toString('hex'));
  const anchorFields = {
    anchorId: 'a1b2c3d4-0000-4000-8000-000000000001',
    merkleRoot: tree.root.toString('hex'),
    anchoredAt: '2026-11-22T00:00:00.000Z',
    streamCount: STREAM_COUNT,
  };
  const unsigned: UnsignedAuditBundle = {
    format: 'safe-referral.audit-bundle.v1',
    caseId,
    exportedAt: '2026-11-23T00:00:00.000Z',
    streamId: `case-${caseId}`,
    events,
    notifications: {
      streamId: `notifications-${caseId}`,
      events: notifications,
      proof: {
        leaf: notificationsLeaf,
        leafIndex: NOTIFICATIONS_LEAF_INDEX,
        proof: hex(tree.proof(NOTIFICATIONS_LEAF_INDEX)),
      },
    },
    anchor: {
      ...anchorFields,
      signature: {
        algorithm: 'Ed25519',
        keyId,
        value: signAnchor(anchorFields, keys.privateKeyPem),
      },
      leaf: caseLeaf,
      leafIndex: CASE_LEAF_INDEX,
      proof: hex(tree.proof(CASE_LEAF_INDEX)),
    },
  };
  return signBundle(unsigned, keys.privateKeyPem, keyId);
}

/** A deep copy changed by `change`, as a hand-edited file would be. */
function edited(bundle: AuditBundle, change: (b: AuditBundle) => void): AuditBundle {
  const copy = structuredClone(bundle);
  change(copy);
  return copy;
}

/** Signed again after the change: what the later checks must catch on their own. */
function resigned(bundle: AuditBundle, change: (b: AuditBundle) => void): AuditBundle {
  return signBundle(edited(bundle, change), keys.privateKeyPem, keyId);
}

type Path = (string | number)[];
const REMOVE = Symbol('remove');

/** A copy with the value at `path` replaced (or removed), whatever its type. */
function withField(bundle: AuditBundle, path: Path, value: unknown): unknown {
  const copy: unknown = structuredClone(bundle);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

const problemOf = (bundle: unknown, publicKey = keys.publicKeyPem) => {
  const result = verifyBundle(bundle, publicKey);
  return result.valid ? 'valid' : result.problem;
};

const flipHex = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

describe('verifyBundle', () => {
  it('accepts a bundle as signed, and after a JSON round trip', () => {
    const bundle = build();
    expect(verifyBundle(bundle, keys.publicKeyPem)).toEqual({
      valid: true,
      eventsChecked: 4,
      notificationEventsChecked: 2,
      anchored: true,
    });
    expect(problemOf(JSON.parse(JSON.stringify(bundle)))).toBe('valid');
  });

  it('accepts a bundle without an anchor', () => {
    const bundle = resigned(build(), (b) => {
      b.anchor = null;
      b.notifications.proof = null;
    });
    expect(verifyBundle(bundle, keys.publicKeyPem)).toMatchObject({ valid: true, anchored: false });
  });

  it('signs the bundle without its signature property', () => {
    const bundle = build();
    const payload = bundleSigningPayload(bundle);
    expect(payload).not.toHaveProperty('signature');
    expect(Object.keys(payload).sort()).toEqual(
      ['anchor', 'caseId', 'events', 'exportedAt', 'format', 'notifications', 'streamId'].sort(),
    );
    expect(() => signBundle(payload, keys.privateKeyPem, auditKeyId(other.publicKeyPem))).toThrow(
      'keyId does not name the signing key',
    );
  });

  describe('names the bundle signature for any change made after signing', () => {
    const changes: Record<string, (b: AuditBundle) => void> = {
      'one event data field': (b) => {
        (b.events[1].data as { toAgencyId: string }).toAgencyId = 'shelter-karachi';
      },
      'one event hash': (b) => {
        b.events[1].hash = flipHex(b.events[1].hash);
      },
      'the order of two events': (b) => {
        [b.events[1], b.events[2]] = [b.events[2], b.events[1]];
      },
      'the last event dropped': (b) => {
        b.events.pop();
      },
      'a proof element': (b) => {
        b.anchor!.proof[0] = flipHex(b.anchor!.proof[0]);
      },
      'the leaf index': (b) => {
        b.anchor!.leafIndex = 2;
      },
      'the merkle root': (b) => {
        b.anchor!.merkleRoot = flipHex(b.anchor!.merkleRoot);
      },
      'the signature': (b) => {
        const bytes = Buffer.from(b.signature.value, 'base64');
        bytes[0] ^= 0x01;
        b.signature.value = bytes.toString('base64');
      },
      'the sealed personal data': (b) => {
        const data = b.events[0].data as { victim: { personal: { ciphertext: string } } };
        data.victim.personal.ciphertext = `A${CIPHERTEXT.slice(1)}`;
      },
    };
    it.each(Object.entries(changes))('%s', (_, change) => {
      expect(problemOf(edited(build(), change))).toBe('signature does not verify');
    });
  });

  it('names another key by its id, and a forged key id as a bad signature', () => {
    const bundle = build();
    const otherId = auditKeyId(other.publicKeyPem);
    expect(problemOf(bundle, other.publicKeyPem)).toBe(
      `signed by key ${keyId}, not by the key given (${otherId})`,
    );
    const forged = edited(bundle, (b) => {
      b.signature.keyId = otherId;
    });
    expect(problemOf(forged, other.publicKeyPem)).toBe('signature does not verify');
  });

  describe('when the changed bundle is signed again', () => {
    it('finds changed event data by its hash', () => {
      const bundle = resigned(build(), (b) => {
        (b.events[1].data as { toAgencyId: string }).toAgencyId = 'shelter-karachi';
      });
      expect(problemOf(bundle)).toBe('event at version 2: hash does not match its content');
    });

    it('finds a changed hash at its own event when nothing links to it yet', () => {
      const bundle = resigned(build(), (b) => {
        b.events[3].hash = flipHex(b.events[3].hash);
      });
      expect(problemOf(bundle)).toBe('event at version 4: hash does not match its content');
    });

    it('finds a changed hash at its own event before the next event fails to link', () => {
      const bundle = resigned(build(), (b) => {
        b.events[1].hash = flipHex(b.events[1].hash);
      });
      expect(problemOf(bundle)).toBe('event at version 2: hash does not match its content');
    });

    it('finds a broken link', () => {
      const bundle = resigned(build(), (b) => {
        b.events[2].prevHash = flipHex(b.events[2].prevHash);
      });
      expect(problemOf(bundle)).toBe('event at version 3: prevHash does not link to version 2');
      const first = resigned(build(), (b) => {
        b.events[0].prevHash = 'f'.repeat(64);
      });
      expect(problemOf(first)).toBe('event at version 1: prevHash is not the genesis hash');
    });

    it('finds swapped events', () => {
      const bundle = resigned(build(), (b) => {
        [b.events[1], b.events[2]] = [b.events[2], b.events[1]];
      });
      expect(problemOf(bundle)).toBe('events are not in version order at version 2');
    });

    it('finds a recordedAt that is not the hashed one', () => {
      const bundle = resigned(build(), (b) => {
        b.events[2].recordedAt = '2026-11-20T10:30:00.000Z';
      });
      expect(problemOf(bundle)).toBe(
        'event at version 3: recordedAt is not the time its metadata records',
      );
    });

    it('finds the last event dropped when the anchor covers it', () => {
      const bundle = resigned(build(), (b) => {
        b.events.pop();
      });
      expect(problemOf(bundle)).toBe('anchor leaf does not match the stream at version 4');
    });

    it('cannot see an event dropped after the anchored version: only the signature covers it', () => {
      const bundle = build({ caseLeafVersion: 3 });
      expect(problemOf(bundle)).toBe('valid');
      const dropped = (b: AuditBundle) => {
        b.events.pop();
      };
      expect(problemOf(edited(bundle, dropped))).toBe('signature does not verify');
      expect(problemOf(resigned(bundle, dropped))).toBe('valid');
    });

    it('finds a leaf whose head hash is not the event at its version', () => {
      const bundle = resigned(build(), (b) => {
        b.anchor!.leaf.headHash = b.events[2].hash;
      });
      expect(problemOf(bundle)).toBe('anchor leaf does not match the stream at version 4');
      const otherStream = resigned(build(), (b) => {
        b.anchor!.leaf.streamId = `notifications-${caseId}`;
      });
      expect(problemOf(otherStream)).toBe('anchor leaf is for another stream');
    });

    it('finds a changed proof element or leaf index by the inclusion proof', () => {
      for (let i = 0; i < build().anchor!.proof.length; i++) {
        const bundle = resigned(build(), (b) => {
          b.anchor!.proof[i] = flipHex(b.anchor!.proof[i]);
        });
        expect(problemOf(bundle)).toBe("inclusion proof does not lead to the anchor's root");
      }
      for (const leafIndex of [0, 2, 4, 6, 7, 1000]) {
        const bundle = resigned(build(), (b) => {
          b.anchor!.leafIndex = leafIndex;
        });
        expect(problemOf(bundle)).toBe("inclusion proof does not lead to the anchor's root");
      }
      const shorter = resigned(build(), (b) => {
        b.anchor!.proof.pop();
      });
      expect(problemOf(shorter)).toBe("inclusion proof does not lead to the anchor's root");
    });

    it('finds a changed merkle root by the anchor signature, or by the proof if that is redone', () => {
      const bundle = resigned(build(), (b) => {
        b.anchor!.merkleRoot = flipHex(b.anchor!.merkleRoot);
      });
      expect(problemOf(bundle)).toBe('anchor signature does not verify');
      const reanchored = resigned(build(), (b) => {
        const a = b.anchor!;
        a.merkleRoot = flipHex(a.merkleRoot);
        a.signature.value = signAnchor(a, keys.privateKeyPem);
      });
      expect(problemOf(reanchored)).toBe("inclusion proof does not lead to the anchor's root");
      const fewerStreams = resigned(build(), (b) => {
        b.anchor!.streamCount = 6;
      });
      expect(problemOf(fewerStreams)).toBe('anchor signature does not verify');
    });

    it('checks the notifications stream the same way, after the case stream', () => {
      const data = resigned(build(), (b) => {
        (b.notifications.events[1].data as { attempts: number }).attempts = 3;
      });
      expect(problemOf(data)).toBe(
        'notifications stream event at version 2: hash does not match its content',
      );
      const order = resigned(build(), (b) => {
        b.notifications.events.reverse();
      });
      expect(problemOf(order)).toBe(
        'notifications stream events are not in version order at version 1',
      );
      const both = resigned(build(), (b) => {
        (b.notifications.events[1].data as { attempts: number }).attempts = 3;
        b.events[3].hash = flipHex(b.events[3].hash);
      });
      expect(problemOf(both)).toBe('event at version 4: hash does not match its content');
      const dropped = resigned(build(), (b) => {
        b.notifications.events.pop();
      });
      expect(problemOf(dropped)).toBe(
        'notifications stream: anchor leaf does not match the stream at version 2',
      );
      const proof = resigned(build(), (b) => {
        b.notifications.proof!.proof[1] = flipHex(b.notifications.proof!.proof[1]);
      });
      expect(problemOf(proof)).toBe(
        "notifications stream: inclusion proof does not lead to the anchor's root",
      );
      const caseFirst = resigned(build(), (b) => {
        b.notifications.proof!.proof[1] = flipHex(b.notifications.proof!.proof[1]);
        b.anchor!.leafIndex = 0;
      });
      expect(problemOf(caseFirst)).toBe("inclusion proof does not lead to the anchor's root");
    });

    it('checks the anchor signature with the key given', () => {
      const bundle = resigned(build(), (b) => {
        b.anchor!.signature.value = signAnchor(b.anchor!, other.privateKeyPem);
      });
      expect(problemOf(bundle)).toBe('anchor signature does not verify');
      const otherId = resigned(build(), (b) => {
        b.anchor!.signature.keyId = auditKeyId(other.publicKeyPem);
      });
      expect(problemOf(otherId)).toBe(
        `anchor signed by key ${auditKeyId(other.publicKeyPem)}, not by the key given (${keyId})`,
      );
    });
  });

  describe('reports a malformed file as a problem, naming the field, never its content', () => {
    const bundle = build();
    const malformed: [string, Path, unknown, string][] = [
      ['caseId', ['caseId'], 42, 'caseId is not a UUID'],
      ['streamId', ['streamId'], 'case-other', 'streamId is not case-<caseId>'],
      ['events', ['events'], REMOVE, 'events is not a list'],
      ['an event', ['events', 2], CIPHERTEXT, 'events[2] is not an object'],
      [
        'a version',
        ['events', 1, 'version'],
        CIPHERTEXT,
        'events[1].version is not a positive integer',
      ],
      [
        'a huge version',
        ['events', 1, 'version'],
        1e308,
        'events[1].version is not a positive integer',
      ],
      [
        'a recordedAt',
        ['events', 0, 'recordedAt'],
        'yesterday',
        'events[0].recordedAt is not a time',
      ],
      ['data', ['events', 0, 'data'], REMOVE, 'events[0].data is not present'],
      ['metadata', ['events', 0, 'metadata'], [], 'events[0].metadata is not an object'],
      [
        'a hash',
        ['events', 0, 'hash'],
        bundle.events[0].hash.toUpperCase(),
        'events[0].hash is not a hex SHA-256',
      ],
      ['notifications', ['notifications'], null, 'notifications is not an object'],
      [
        'a notification event',
        ['notifications', 'events', 0, 'prevHash'],
        7,
        'notifications.events[0].prevHash is not a hex SHA-256',
      ],
      [
        'the notifications stream',
        ['notifications', 'streamId'],
        `case-${caseId}`,
        'notifications.streamId is not notifications-<caseId>',
      ],
      [
        'the notifications proof',
        ['notifications', 'proof'],
        'x',
        'notifications.proof is neither null nor an object',
      ],
      ['anchor', ['anchor'], [], 'anchor is neither null nor an object'],
      ['merkleRoot', ['anchor', 'merkleRoot'], 'zz', 'anchor.merkleRoot is not a hex SHA-256'],
      ['streamCount', ['anchor', 'streamCount'], 0, 'anchor.streamCount is not a positive integer'],
      [
        'a huge leafIndex',
        ['anchor', 'leafIndex'],
        2 ** 60,
        'anchor.leafIndex is not a non-negative integer',
      ],
      [
        'a negative leafIndex',
        ['anchor', 'leafIndex'],
        -1,
        'anchor.leafIndex is not a non-negative integer',
      ],
      ['leaf', ['anchor', 'leaf'], REMOVE, 'anchor.leaf is not an object'],
      [
        'leaf version',
        ['anchor', 'leaf', 'version'],
        '4',
        'anchor.leaf.version is not a positive integer',
      ],
      [
        'proof',
        ['anchor', 'proof'],
        [CIPHERTEXT],
        'anchor.proof is not a list of at most 64 hex SHA-256',
      ],
      [
        'a long proof',
        ['anchor', 'proof'],
        Array(65).fill('0'.repeat(64)),
        'anchor.proof is not a list of at most 64 hex SHA-256',
      ],
      [
        'anchor signature',
        ['anchor', 'signature', 'algorithm'],
        'RSA',
        'anchor.signature.algorithm is not Ed25519',
      ],
      ['signature', ['signature'], REMOVE, 'signature is not an object'],
      ['keyId', ['signature', 'keyId'], CIPHERTEXT, 'signature.keyId is not a 16-hex key id'],
      ['signature value', ['signature', 'value'], 1, 'signature.value is not a string'],
      [
        'a proof without anchor',
        ['anchor'],
        null,
        'notifications.proof is given without an anchor',
      ],
    ];
    const cases: [string, unknown, string][] = [
      ['null', null, 'not an audit bundle (format)'],
      ['a list', [bundle], 'not an audit bundle (format)'],
      ['a string', 'safe-referral.audit-bundle.v1', 'not an audit bundle (format)'],
      ['another format', withField(bundle, ['format'], 'v2'), 'not an audit bundle (format)'],
      ...malformed.map(([name, path, value, problem]): [string, unknown, string] => [
        name,
        withField(bundle, path, value),
        `malformed bundle: ${problem}`,
      ]),
    ];
    it.each(cases)('%s', (_, changed, problem) => {
      expect(bundleShapeProblem(changed)).toBe(problem);
      expect(problemOf(changed)).toBe(problem);
      expect(problem).not.toContain(CIPHERTEXT.slice(0, 8));
    });
  });

  it('never throws, whatever replaces a part of the bundle', () => {
    const bundle = build();
    const parts: Path[] = [
      ['events'],
      ['events', 0],
      ['events', 1, 'data'],
      ['events', 1, 'metadata'],
      ['notifications'],
      ['notifications', 'proof'],
      ['anchor'],
      ['anchor', 'leaf'],
      ['anchor', 'proof'],
      ['anchor', 'leafIndex'],
      ['signature'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...parts), fc.jsonValue(), (path, value) => {
        const result = verifyBundle(withField(bundle, path, value), keys.publicKeyPem);
        expect(typeof result.valid).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(verifyBundle(value, keys.publicKeyPem).valid).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
