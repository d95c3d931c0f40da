import { createHash } from 'node:crypto';
import {
  anchorLeafHash,
  encodeLeaf,
  inclusionProof,
  leafHash,
  MerkleTree,
  merkleRoot,
  verifyInclusion,
} from './merkle';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const ZERO = Buffer.from([0x00]);
const ONE = Buffer.from([0x01]);

/** RFC 9162 §2.1.1, transcribed literally: the reference the iterative tree must agree with. */
function referenceRoot(d: Buffer[]): Buffer {
  const n = d.length;
  if (n === 0) return sha256();
  if (n === 1) return sha256(ZERO, d[0]);
  const k = largestPowerOfTwoBelow(n);
  return sha256(ONE, referenceRoot(d.slice(0, k)), referenceRoot(d.slice(k)));
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]). */
function referencePath(m: number, d: Buffer[]): Buffer[] {
  const n = d.length;
  if (n === 1) return [];
  const k = largestPowerOfTwoBelow(n);
  return m < k
    ? [...referencePath(m, d.slice(0, k)), referenceRoot(d.slice(k))]
    : [...referencePath(m - k, d.slice(k)), referenceRoot(d.slice(0, k))];
}

/** Which side each path element sits on: a proof is only valid for trees that agree on this. */
function referenceSides(m: number, n: number): string {
  if (n === 1) return '';
  const k = largestPowerOfTwoBelow(n);
  return m < k ? referenceSides(m, k) + 'R' : referenceSides(m - k, n - k) + 'L';
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const inputs = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`, 'utf8'));

const flipped = (b: Buffer, at = 0) => {
  const copy = Buffer.from(b);
  copy[at] ^= 0x01;
  return copy;
};

describe('encodeLeaf', () => {
  it('is the canonical JSON of streamId, version and headHash only', () => {
    const leaf = { streamId: 'case-1', version: 3, headHash: 'ab'.repeat(32), extra: true };
    expect(encodeLeaf(leaf).toString('utf8')).toBe(
      `{"headHash":"${'ab'.repeat(32)}","streamId":"case-1","version":3}`,
    );
    expect(anchorLeafHash(leaf)).toEqual(sha256(ZERO, encodeLeaf(leaf)));
  });
});

describe('merkleRoot', () => {
  it('of the empty tree is SHA-256 of the empty string', () => {
    expect(merkleRoot([]).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(new MerkleTree([]).root).toEqual(merkleRoot([]));
  });

  it('matches small trees written out by hand', () => {
    const d = inputs(5);
    const h = d.map((x) => sha256(ZERO, x));
    const node = (l: Buffer, r: Buffer) => sha256(ONE, l, r);
    expect(merkleRoot(h.slice(0, 1))).toEqual(h[0]);
    expect(merkleRoot(h.slice(0, 2))).toEqual(node(h[0], h[1]));
    expect(merkleRoot(h.slice(0, 3))).toEqual(node(node(h[0], h[1]), h[2]));
    expect(merkleRoot(h.slice(0, 4))).toEqual(node(node(h[0], h[1]), node(h[2], h[3])));
    expect(merkleRoot(h)).toEqual(node(node(node(h[0], h[1]), node(h[2], h[3])), h[4]));
    expect(leafHash(d[0])).toEqual(h[0]);
  });

  it('agrees with the reference for every size up to 40', () => {
    for (let n = 0; n <= 40; n++) {
      const d = inputs(n);
      const hashes = d.map(leafHash);
      expect(merkleRoot(hashes)).toEqual(referenceRoot(d));
      expect(new MerkleTree(hashes).root).toEqual(referenceRoot(d));
    }
  });

  it('handles 100,000 leaves', () => {
    const hashes = inputs(100_000).map(leafHash);
    const tree = new MerkleTree(hashes);
    expect(merkleRoot(hashes)).toEqual(tree.root);
    expect(
      verifyInclusion(hashes[77_777], 77_777, hashes.length, tree.proof(77_777), tree.root),
    ).toBe(true);
  });
});

describe('inclusion proofs', () => {
  it('prove and verify every leaf of every tree of 1 to 40 leaves', () => {
    for (let n = 1; n <= 40; n++) {
      const d = inputs(n);
      const hashes = d.map(leafHash);
      const tree = new MerkleTree(hashes);
      const root = referenceRoot(d);
      for (let m = 0; m < n; m++) {
        const proof = tree.proof(m);
        expect(proof).toEqual(referencePath(m, d));
        expect(inclusionProof(hashes, m)).toEqual(proof);
        expect(verifyInclusion(hashes[m], m, n, proof, root)).toBe(true);
      }
    }
  });

  it('fail for another leaf, index, size, root, a changed byte or a changed length', () => {
    for (let n = 1; n <= 40; n++) {
      const hashes = inputs(n).map(leafHash);
      const tree = new MerkleTree(hashes);
      for (let m = 0; m < n; m++) {
        const proof = tree.proof(m);
        const verify = (leaf: Buffer, index: number, size: number, p: Buffer[], root: Buffer) =>
          verifyInclusion(leaf, index, size, p, root);

        expect(verify(flipped(hashes[m], 31), m, n, proof, tree.root)).toBe(false);
        expect(verify(hashes[m], m, n, proof, flipped(tree.root))).toBe(false);
        if (n > 1) expect(verify(hashes[(m + 1) % n], m, n, proof, tree.root)).toBe(false);
        for (const other of [m - 1, m + 1]) {
          if (other >= 0 && other < n) {
            expect(verify(hashes[m], other, n, proof, tree.root)).toBe(false);
          }
        }
        for (const size of [n - 1, n + 1, 2 * n]) {
          if (size > m) {
            const sameSides = referenceSides(m, size) === referenceSides(m, n);
            expect(verify(hashes[m], m, size, proof, tree.root)).toBe(sameSides);
          }
        }
        proof.forEach((_, i) => {
          const changed = proof.map((p, j) => (j === i ? flipped(p, i % 32) : p));
          expect(verify(hashes[m], m, n, changed, tree.root)).toBe(false);
        });
        if (proof.length > 0) {
          expect(verify(hashes[m], m, n, proof.slice(0, -1), tree.root)).toBe(false);
        }
        expect(verify(hashes[m], m, n, [...proof, hashes[0]], tree.root)).toBe(false);
      }
    }
  });

  it('fail outside the tree and for malformed numbers', () => {
    const hashes = inputs(4).map(leafHash);
    const tree = new MerkleTree(hashes);
    const proof = tree.proof(2);
    expect(verifyInclusion(hashes[2], 2, 4, proof, tree.root)).toBe(true);
    expect(verifyInclusion(hashes[2], 2, 3, proof, tree.root)).toBe(false);
    expect(verifyInclusion(hashes[2], 4, 4, proof, tree.root)).toBe(false);
    expect(verifyInclusion(hashes[2], -2, 4, proof, tree.root)).toBe(false);
    expect(verifyInclusion(hashes[2], 2.5, 4, proof, tree.root)).toBe(false);
    expect(verifyInclusion(hashes[2], 2, Number.MAX_SAFE_INTEGER + 2, proof, tree.root)).toBe(
      false,
    );
    expect(verifyInclusion(hashes[2], 2, 4, [proof[0].subarray(1), proof[1]], tree.root)).toBe(
      false,
    );
    expect(() => tree.proof(4)).toThrow(RangeError);
    expect(() => tree.proof(-1)).toThrow(RangeError);
  });
});
