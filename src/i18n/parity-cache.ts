/**
 * Remembers the costly parts of the translation checks between runs of `npm run check` (parsing MDX to
 * compare a lesson with its translation, parsing a sandbox's tests for their messages), under keys made of
 * the hashes of the texts compared and of the checking code itself, so any change to either recomputes.
 * Entries not used in a run are dropped when it is saved. Without a file it only computes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const CODE = ['./lesson-parity.ts', './lesson-structure.ts', './test-messages.ts', './message-template.ts', './untranslated.ts', './parity-cache.ts', '../content/lesson-body.ts', '../content/yaml-lines.ts'];

let codeHash: string | undefined;
function checkingCode(): string {
  if (!codeHash) {
    const hash = createHash('sha256');
    for (const module of CODE) hash.update(readFileSync(new URL(module, import.meta.url)));
    codeHash = hash.digest('hex').slice(0, 16);
  }
  return codeHash;
}

export const textHash = (...texts: string[]): string => {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\u0000');
  return hash.digest('hex').slice(0, 24);
};

export class ParityCache {
  private readonly previous: Record<string, unknown> = {};
  private readonly used: Record<string, unknown> = {};
  private readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
    if (!file) return;
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { code?: string; entries?: Record<string, unknown> };
      if (stored.code === checkingCode() && stored.entries) this.previous = stored.entries;
    } catch {
      // No cache yet, or an unreadable one: everything is computed.
    }
  }

  /** The stored result for `key`, or `compute()`'s (stored for next time). Results must be plain JSON. */
  get<T>(key: string, compute: () => T): T {
    const value = key in this.previous ? (this.previous[key] as T) : compute();
    this.used[key] = value;
    return value;
  }

  save(): void {
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify({ code: checkingCode(), entries: this.used }));
    } catch {
      // A read-only node_modules only costs speed.
    }
  }
}
