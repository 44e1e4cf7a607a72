/**
 * What a mount has to change: files that are new or whose text differs, and files that are gone.
 * Comparing the texts themselves (not hashes) makes a missed change impossible, and costs no copy:
 * the map holds the same string objects the caller passed.
 */
import type { FileTree } from './runtime.ts';

export interface TreeChanges {
  /** New files and files whose text changed, in the caller's order. */
  write: string[];
  /** Files in `mounted` that `next` no longer has. */
  remove: string[];
}

export function diffFileTree(mounted: ReadonlyMap<string, string>, next: FileTree): TreeChanges {
  const write = Object.keys(next).filter((path) => mounted.get(path) !== next[path]);
  const remove = [...mounted.keys()].filter((path) => !Object.hasOwn(next, path));
  return { write, remove };
}

/** The folder part of a relative path ("src/a.ts" → "src"), or "" for a file at the top. */
export function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
