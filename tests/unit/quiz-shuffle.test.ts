import { describe, expect, it } from 'vitest';
import { hashString, mulberry32, questionSeed, seededShuffle, shuffleAwayFromOriginal } from '../../src/quiz/shuffle.ts';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('seeded shuffling', () => {
  it('returns a permutation of the input and leaves the input alone', () => {
    const input = [...ids];
    const shuffled = seededShuffle(input, 42);
    expect([...shuffled].sort()).toEqual(ids);
    expect(input).toEqual(ids);
  });

  it('gives the same order for the same seed, every time (a reload does not reorder)', () => {
    expect(seededShuffle(ids, 12345)).toEqual(seededShuffle(ids, 12345));
  });

  it('spreads orders across seeds: 200 seeds give many different orders of six items', () => {
    const orders = new Set(Array.from({ length: 200 }, (_, seed) => seededShuffle(ids, seed).join('')));
    expect(orders.size).toBeGreaterThan(150);
  });

  it('puts each item first about equally often (no position bias)', () => {
    const firsts = new Map<string, number>();
    for (let seed = 0; seed < 6000; seed++) {
      const first = seededShuffle(ids, questionSeed(seed, 'quiz', 'q')).at(0) as string;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    for (const id of ids) expect(firsts.get(id), id).toBeGreaterThan(850); // expected 1000 each
  });

  it('derives different seeds for different learners, quizzes and questions', () => {
    const seeds = new Set([
      questionSeed(1, 'polling', 'etag'),
      questionSeed(2, 'polling', 'etag'),
      questionSeed(1, 'long-polling', 'etag'),
      questionSeed(1, 'polling', 'backoff'),
    ]);
    expect(seeds.size).toBe(4);
    expect(questionSeed(1, 'polling', 'etag')).toBe(questionSeed(1, 'polling', 'etag'));
  });

  it('uses known algorithms: FNV-1a and mulberry32 reference values', () => {
    // FNV-1a 32-bit test vectors (offset basis for "", published value for "a").
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    const random = mulberry32(0);
    const values = [random(), random(), random()];
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    expect(values[0]).toBeCloseTo(0.26642920868471265, 15);
  });
});

describe('shuffleAwayFromOriginal', () => {
  it('never returns the written order for lists of 2 to 6 items, over many seeds', () => {
    for (let size = 2; size <= 6; size++) {
      const items = ids.slice(0, size);
      for (let seed = 0; seed < 300; seed++) {
        expect(shuffleAwayFromOriginal(items, seed), `size ${size}, seed ${seed}`).not.toEqual(items);
      }
    }
  });

  it('leaves a one-item list as it is', () => {
    expect(shuffleAwayFromOriginal(['only'], 7)).toEqual(['only']);
  });
});
