import { Random } from '../../apps/seed-demo/src/random';

/**
 * Uniform draws in [0, 1) from a seed (the demo seeder's mulberry32): a failing table or data set
 * can be drawn again from its seed, and every run draws the same.
 */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}
