import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AuditBundle,
  auditKeyId,
  anchorLeafHash,
  BundleEvent,
  generateAuditKeyPair,
  MerkleTree,
  signAnchor,
  signBundle,
  UnsignedAuditBundle,
} from '@app/audit-trail';
import { CaseEvent } from '@app/domain';
import { GENESIS_HASH, hashEvent } from '@app/event-store';
import { PERSONAL } from '../support/fixtures';
import { createTempDir } from '../support/temp-dir';

const ROOT = join(__dirname, '../..');
const CASE_ID = '0193a0e0-0000-7000-8000-00000000c11a';
const REFERRAL_ID = '0193a0e0-0000-7000-8000-0000000000a1';
const LEAD = 'fia-islamabad';
const SHELTER = 'dar-ul-aman-lahore';
/** What the sealed envelope and the officers' free text hold: none of it may ever be printed. */
const CIPHERTEXT = 'c2VhbGVkLXZpY3RpbS1kYXRhLW11c3Qtbm90LWJlLXByaW50ZWQ';
const IV = 'aXYtOTg3NjU0MzIxMA';
const TAG = 'dGFnLTEyMzQ1Njc4OTA';
const NEVER_PRINTED = [CIPHERTEXT, IV, TAG, PERSONAL.fullName, 'Zarmeena', PERSONAL.cnic];

const keys = generateAuditKeyPair();
const other = generateAuditKeyPair();
const keyId = auditKeyId(keys.publicKeyPem);

interface Recorded<E = { type: string; data: unknown }> {
  event: E;
  at: string;
  agencyId: string;
}

const caseEvents: Recorded<CaseEvent>[] = [
  {
    at: '2026-11-20T08:00:00.000Z',
    agencyId: LEAD,
    event: {
      type: 'case.opened.v1',
      data: {
        caseId: CASE_ID,
        leadAgencyId: LEAD,
        openedBy: 'off-17',
        openedAt: '2026-11-20T08:00:00.000Z',
        identifiedAt: '2026-11-20T06:00:00.000Z',
        identificationSource: 'airport-interception',
        location: { province: 'islamabad-capital-territory', district: 'Islamabad' },
        crimeType: 'tip',
        victim: {
          sex: 'female',
          ageGroup: 'adult',
          citizenship: 'PK',
          personal: {
            alg: 'A256GCM',
            keyId: `case-key-${CASE_ID}`,
            iv: IV,
            ciphertext: CIPHERTEXT,
            tag: TAG,
          },
        },
        exploitationTypes: ['forced-labour'],
        indicators: ['documents-withheld'],
      },
    },
  },
  {
    at: '2026-11-20T08:10:00.000Z',
    agencyId: LEAD,
    event: {
      type: 'case.screened.v1',
      data: {
        traffickingStatus: 'possible',
        previousStatus: 'unassessed',
        indicators: ['debt-bondage'],
        notes: `${PERSONAL.fullName} says her passport was taken`,
        screenedAt: '2026-11-20T08:10:00.000Z',
      },
    },
  },
  {
    at: '2026-11-20T08:20:00.000Z',
    agencyId: LEAD,
    event: {
      type: 'consent.recorded.v1',
      data: {
        consentId: 'consent-1',
        decision: 'given',
        scope: 'share-with-agency',
        agencyId: SHELTER,
        services: null,
        givenBy: 'victim',
        method: 'written',
        interpreterUsed: true,
        recordedAt: '2026-11-20T08:20:00.000Z',
        recordedByAgencyId: LEAD,
      },
    },
  },
  {
    at: '2026-11-20T08:30:00.000Z',
    agencyId: LEAD,
    event: {
      type: 'referral.requested.v1',
      data: {
        referralId: REFERRAL_ID,
        fromAgencyId: LEAD,
        toAgencyId: SHELTER,
        services: ['shelter', 'medical'],
        urgency: 'emergency',
        reason: `${PERSONAL.fullName} needs a safe place tonight`,
        requestedAt: '2026-11-20T08:30:00.000Z',
        acknowledgeBy: '2026-11-20T12:30:00.000Z',
      },
    },
  },
  {
    at: '2026-11-20T11:00:00.000Z',
    agencyId: SHELTER,
    event: {
      type: 'referral.acknowledged.v1',
      data: { referralId: REFERRAL_ID, acknowledgedAt: '2026-11-20T11:00:00.000Z' },
    },
  },
  {
    at: '2026-11-21T09:30:00.000Z',
    agencyId: SHELTER,
    event: {
      type: 'referral.accepted.v1',
      data: { referralId: REFERRAL_ID, acceptedAt: '2026-11-21T09:30:00.000Z', note: null },
    },
  },
];

const notification = {
  notificationId: '0193a0e0-0000-7000-8000-0000000000e1',
  type: 'referral.requested',
  agencyId: SHELTER,
  referralId: REFERRAL_ID,
};

const notificationEvents: Recorded[] = [
  {
    at: '2026-11-20T08:30:00.050Z',
    agencyId: 'system',
    event: { type: 'notification.requested.v1', data: notification },
  },
  {
    at: '2026-11-20T08:30:04.000Z',
    agencyId: 'system',
    event: {
      type: 'notification.delivered.v1',
      data: {
        ...notification,
        attempts: 2,
        firstAttemptAt: '2026-11-20T08:30:01.000Z',
        lastAttemptAt: '2026-11-20T08:30:04.000Z',
        deliveredAt: '2026-11-20T08:30:04.000Z',
        lastStatusCode: 200,
        durationMs: 3000,
      },
    },
  },
];

function chain(streamId: string, recorded: Recorded[]): BundleEvent[] {
  let prevHash = GENESIS_HASH;
  return recorded.map(({ event, at, agencyId }, i) => {
    const version = i + 1;
    const eventId = `0193a0e0-0000-7000-9000-${streamId.length}${String(version).padStart(10, '0')}`;
    const metadata = { recordedAt: at, actor: { agencyId, role: 'officer' } };
    const hash = hashEvent({ streamId, version, eventId, ...event, metadata, prevHash });
    const stored = { version, eventId, ...event, recordedAt: at, metadata, hash, prevHash };
    prevHash = hash;
    return stored;
  });
}

/** The case's and its notifications' heads among the heads of other cases, as the server anchors. */
function buildBundle(): AuditBundle {
  const streamId = `case-${CASE_ID}`;
  const events = chain(streamId, caseEvents);
  const notifications = chain(`notifications-${CASE_ID}`, notificationEvents);
  const head = (id: string, stream: BundleEvent[]) => ({
    streamId: id,
    version: stream.length,
    headHash: stream[stream.length - 1].hash,
  });
  const caseLeaf = head(streamId, events);
  const notificationsLeaf = head(`notifications-${CASE_ID}`, notifications);
  const leaves = [
    { streamId: 'case-0193a0e0-0000-7000-8000-000000000001', version: 9, headHash: 'a'.repeat(64) },
    caseLeaf,
    { streamId: 'case-0193a0e0-0000-7000-8000-000000000002', version: 3, headHash: 'b'.repeat(64) },
    notificationsLeaf,
    { streamId: 'case-0193a0e0-0000-7000-8000-000000000003', version: 1, headHash: 'c'.repeat(64) },
  ];
  const tree = new MerkleTree(leaves.map(anchorLeafHash));
  const hex = (proof: Buffer[]) => proof.map((p) => p.toString('hex'));
  const anchor = {
    anchorId: '0193a0e0-0000-7000-8000-00000000a0c1',
    merkleRoot: tree.root.toString('hex'),
    anchoredAt: '2026-11-22T00:00:00.000Z',
    streamCount: leaves.length,
  };
  const unsigned: UnsignedAuditBundle = {
    format: 'safe-referral.audit-bundle.v1',
    caseId: CASE_ID,
    exportedAt: '2026-11-23T10:00:00.000Z',
    streamId,
    events,
    notifications: {
      streamId: `notifications-${CASE_ID}`,
      events: notifications,
      proof: { leaf: notificationsLeaf, leafIndex: 3, proof: hex(tree.proof(3)) },
    },
    anchor: {
      ...anchor,
      signature: { algorithm: 'Ed25519', keyId, value: signAnchor(anchor, keys.privateKeyPem) },
      leaf: caseLeaf,
      leafIndex: 1,
      proof: hex(tree.proof(1)),
    },
  };
  return signBundle(unsigned, keys.privateKeyPem, keyId);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const everything: string[] = [];

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/audit-cli/src/main.ts', ...args],
      { cwd: ROOT },
      (error, stdout, stderr) => {
        everything.push(stdout, stderr);
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** One character of the file changed, as a hand edit would. */
function changeOneCharacter(text: string, needle: string, offset: number): string {
  const at = text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  const i = at + offset;
  const replacement = text[i] === '0' ? '1' : text[i] === 'A' ? 'B' : text[i] === 'a' ? 'b' : '0';
  return text.slice(0, i) + replacement + text.slice(i + 1);
}

describe('audit CLI', () => {
  let dir: { path: string; remove(): Promise<void> };
  let bundle: AuditBundle;
  let text: string;
  const file = (name: string) => join(dir.path, name);
  const write = async (name: string, content: string) => {
    await writeFile(file(name), content);
    return file(name);
  };
  const publicKey = () => file('public.pem');

  beforeAll(async () => {
    dir = await createTempDir('audit-cli');
    bundle = buildBundle();
    text = JSON.stringify(bundle, null, 2);
    await write('bundle.json', text);
    await write('public.pem', keys.publicKeyPem);
    await write('other.pem', other.publicKeyPem);
  });

  afterAll(() => dir.remove());

  it('verifies a bundle and reports what it checked', async () => {
    const run = await cli('verify', file('bundle.json'), '--public-key', publicKey());
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(CASE_ID);
    expect(run.stdout).toContain('6 events, hash chain OK');
    expect(run.stdout).toContain('2 events, hash chain OK');
    expect(run.stdout).toContain(bundle.anchor!.anchorId);
    expect(run.stdout).toContain(bundle.anchor!.merkleRoot);
    expect(run.stdout).toContain('inclusion OK (leaf 1), anchored at version 6 of 6');
    expect(run.stdout).toContain('inclusion OK (leaf 3), anchored at version 2 of 2');
    expect(run.stdout.trimEnd().endsWith('VALID')).toBe(true);
  });

  it('refuses a file changed by one character after signing, naming the signature', async () => {
    const events = bundle.events;
    const edits: Record<string, string> = {
      'event data': changeOneCharacter(text, '"acknowledgedAt": "2026-11-20T11:00', 28),
      'event hash': changeOneCharacter(text, `"hash": "${events[3].hash}"`, 9),
      'sealed data': changeOneCharacter(text, CIPHERTEXT, 5),
      'proof element': changeOneCharacter(text, bundle.anchor!.proof[0], 0),
      signature: changeOneCharacter(text, bundle.signature.value, 0),
    };
    const runs = await Promise.all(
      Object.entries(edits).map(async ([name, edited]) => {
        expect(edited).not.toBe(text);
        return cli('verify', await write(`${name}.json`, edited), '--public-key', publicKey());
      }),
    );
    for (const run of runs) {
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr.trim()).toBe('INVALID: signature does not verify');
    }
  });

  it('names the first broken check when a changed bundle was signed again', async () => {
    const resigned = (change: (b: AuditBundle) => void) => {
      const copy = structuredClone(bundle);
      change(copy);
      return JSON.stringify(signBundle(copy, keys.privateKeyPem, keyId));
    };
    const cases: [string, string, string][] = [
      [
        'data',
        resigned((b) => {
          (b.events[4].data as { acknowledgedAt: string }).acknowledgedAt = '2026-11-20T09:00:00Z';
        }),
        'INVALID: event at version 5: hash does not match its content',
      ],
      [
        'hash',
        resigned((b) => {
          b.events[3].hash = `f${b.events[3].hash.slice(1)}`;
        }),
        'INVALID: event at version 4: hash does not match its content',
      ],
      [
        'proof',
        resigned((b) => {
          b.anchor!.proof[0] = `f${b.anchor!.proof[0].slice(1)}`;
        }),
        "INVALID: inclusion proof does not lead to the anchor's root",
      ],
      [
        'notifications',
        resigned((b) => {
          b.notifications.proof!.leafIndex = 4;
        }),
        "INVALID: notifications stream: inclusion proof does not lead to the anchor's root",
      ],
      [
        'dropped',
        resigned((b) => {
          b.events.pop();
        }),
        'INVALID: anchor leaf does not match the stream at version 6',
      ],
    ];
    const runs = await Promise.all(
      cases.map(async ([name, content]) =>
        cli('verify', await write(`resigned-${name}.json`, content), '--public-key', publicKey()),
      ),
    );
    runs.forEach((run, i) => {
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(cases[i][2]);
    });
    const otherKey = await cli('verify', file('bundle.json'), '--public-key', file('other.pem'));
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr.trim()).toBe(
      `INVALID: signed by key ${keyId}, not by the key given (${auditKeyId(other.publicKeyPem)})`,
    );
  });

  it('exits 2 for a file that is not JSON, not a bundle, or missing, and for a bad key', async () => {
    const [notJson, notBundle, malformed, missing, badKey, noKey] = await Promise.all([
      write('not-json.json', `{"format": "safe-referral.audit-bundle.v1", ${CIPHERTEXT}`).then(
        (f) => cli('verify', f, '--public-key', publicKey()),
      ),
      write('not-bundle.json', '{"hello": "world"}').then((f) =>
        cli('verify', f, '--public-key', publicKey()),
      ),
      write('malformed.json', text.replace('"leafIndex": 1', '"leafIndex": 1e400')).then((f) =>
        cli('verify', f, '--public-key', publicKey()),
      ),
      cli('verify', file('missing.json'), '--public-key', publicKey()),
      write('bad.pem', 'not a key').then((f) =>
        cli('verify', file('bundle.json'), '--public-key', f),
      ),
      cli('verify', file('bundle.json')),
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('not-json.json is not JSON');
    expect(notBundle.code).toBe(2);
    expect(notBundle.stderr).toContain('not an audit bundle (format)');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(
      'malformed bundle: anchor.leafIndex is not a non-negative integer',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.json: no such file');
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('not a readable PEM key');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("required option '--public-key <pem-file>' not specified");
  });

  it('shows the referral path with agencies, hours and notification outcomes', async () => {
    const run = await cli('path', file('bundle.json'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: the bundle was not verified');
    expect(run.stdout).toContain(`${LEAD} → ${SHELTER}`);
    expect(run.stdout).toContain('shelter, medical');
    expect(run.stdout).toMatch(/urgency\s+emergency/);
    expect(run.stdout).toContain('accepted');
    expect(run.stdout).toMatch(/acknowledged\s+2026-11-20T11:00:00.000Z\s+after 2.5 h/);
    expect(run.stdout).toMatch(/decided\s+2026-11-21T09:30:00.000Z\s+after 25 h/);
    expect(run.stdout).toContain(
      `referral.requested to ${SHELTER}: delivered at 2026-11-20T08:30:04.000Z, 2 attempts, last status 200`,
    );
    expect(run.stdout).toMatch(/Transfers:\n\s+none/);
  });

  it('verifies before showing the path or a replay when given the key, and refuses a bad bundle', async () => {
    const tampered = await write('tampered.json', changeOneCharacter(text, CIPHERTEXT, 3));
    const [path, replay, refusedPath, refusedReplay] = await Promise.all([
      cli('path', file('bundle.json'), '--public-key', publicKey()),
      cli('replay', file('bundle.json'), '--public-key', publicKey()),
      cli('path', tampered, '--public-key', publicKey()),
      cli('replay', tampered, '--as-of', '2026-11-21T00:00:00Z', '--public-key', publicKey()),
    ]);
    expect(path).toMatchObject({ code: 0, stderr: '' });
    expect(replay).toMatchObject({ code: 0, stderr: '' });
    expect(replay.stdout).toContain('accepted');
    for (const refused of [refusedPath, refusedReplay]) {
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr.trim()).toBe('INVALID: signature does not verify');
    }
  });

  it('replays the case as it stood at a time', async () => {
    const [before, after, notYet, badTime, noZone] = await Promise.all([
      cli('replay', file('bundle.json'), '--as-of', '2026-11-20T10:00:00Z'),
      cli('replay', file('bundle.json'), '--as-of', '2026-11-20T17:00:00+05:00'),
      cli('replay', file('bundle.json'), '--as-of', '2026-11-19'),
      cli('replay', file('bundle.json'), '--as-of', 'yesterday'),
      cli('replay', file('bundle.json'), '--as-of', '2026-11-20T12:00:00'),
    ]);
    expect(before.code).toBe(0);
    expect(before.stderr).toContain('warning: the bundle was not verified');
    expect(before.stdout).toContain('as of 2026-11-20T10:00:00.000Z (version 4 of 6)');
    expect(before.stdout).toContain(`${REFERRAL_ID}  ${LEAD} → ${SHELTER}: requested`);
    expect(before.stdout).toMatch(/status\s+open/);
    expect(before.stdout).toMatch(/trafficking status\s+possible/);
    expect(before.stdout).toMatch(/location\s+Islamabad, islamabad-capital-territory/);
    expect(before.stdout).toMatch(/exploitation types\s+forced-labour/);
    expect(before.stdout).toMatch(/victim\s+female, adult, citizenship PK; personal data sealed/);
    expect(before.stdout).toContain(`given share-with-agency ${SHELTER}`);
    expect(before.stdout).toMatch(/closure\s+not closed/);

    expect(after.code).toBe(0);
    expect(after.stdout).toContain('as of 2026-11-20T12:00:00.000Z (version 5 of 6)');
    expect(after.stdout).toContain(`${REFERRAL_ID}  ${LEAD} → ${SHELTER}: acknowledged`);

    expect(notYet.code).toBe(0);
    expect(notYet.stdout).toContain(
      `Case ${CASE_ID} did not exist yet at 2026-11-19T00:00:00.000Z`,
    );
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--as-of yesterday is not an ISO 8601 time with a zone');
    expect(noZone.code).toBe(2);
  });

  it('shows help for each command', async () => {
    const runs = await Promise.all(
      [['--help'], ['verify', '--help'], ['path', '--help'], ['replay', '--help']].map((args) =>
        cli(...args),
      ),
    );
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: audit');
    }
    expect(runs[3].stdout).toContain('--as-of <time>');
  });

  it('never printed the sealed envelope or personal data in any of the runs above', () => {
    expect(everything.length).toBeGreaterThan(40);
    const all = everything.join('\n');
    for (const secret of NEVER_PRINTED) expect(all).not.toContain(secret);
  });
});
