/**
 * A fast, synchronous fingerprint of a file tree, used to notice that a sandbox's starter files changed
 * since a learner began. Not cryptographic: a collision would only hide a "the exercise changed"
 * notice, never lose code. cyrb53 (public domain, bryc) gives 53 bits from two 32-bit lanes.
 */
import type { FileTree } from './runtime.ts';

export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** The same tree gives the same hash whatever order its keys were added in. */
export function hashFileTree(tree: FileTree): string {
  const parts = Object.keys(tree)
    .sort()
    .map((path) => `${path}\u0000${tree[path]}\u0000`);
  return hashText(parts.join(''));
}
