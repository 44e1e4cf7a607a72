/**
 * Seeded shuffling, so every learner sees their own order and a reload does not reorder anything.
 *
 * The seed is derived from (learner seed, quiz id, question id): stable for one learner, different between
 * questions, and independent of the questions around it (editing one question does not reshuffle others).
 * Runs in the browser island, so it stays dependency-free and tiny.
 */

/** FNV-1a, 32 bit: turns the seed key into a number. Not cryptographic; it only has to spread well. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small, fast 32-bit PRNG with good enough statistics for shuffling. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for one question of one quiz for one learner. */
export function questionSeed(learnerSeed: number, quizId: string, questionId: string): number {
  return hashString(`${learnerSeed >>> 0}:${quizId}:${questionId}`);
}

/** Fisher–Yates with a seeded generator; returns a new array, the input is left alone. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  const random = mulberry32(seed);
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

/**
 * A shuffle that never returns the input order (for lists of two or more), for ordering questions whose
 * written order *is* the answer: showing it unshuffled would give the answer away. Rotating by one keeps
 * the result deterministic.
 */
export function shuffleAwayFromOriginal<T>(items: readonly T[], seed: number): T[] {
  const result = seededShuffle(items, seed);
  if (items.length >= 2 && result.every((item, i) => item === items[i])) {
    result.push(result.shift() as T);
  }
  return result;
}
