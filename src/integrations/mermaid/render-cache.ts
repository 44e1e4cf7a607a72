/**
 * On-disk cache of rendered SVGs, so a rebuild only starts Chromium for diagrams that changed.
 *
 * The key hashes everything that shapes the SVG: the diagram source, its title, the theme, the Mermaid
 * version and the source of our in-browser post-processing (render-diagram.js). Entries are never
 * invalidated in place; a changed input simply produces a new key. Delete the folder to reclaim space.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_CACHE_DIR = path.join('node_modules', '.cache', 'course-mermaid');

export interface CacheKeyParts {
  source: string;
  title: string;
  theme: string;
  mermaidVersion: string;
  rendererSource: string;
}

export function cacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256');
  // Length-prefix each part so ("ab", "c") and ("a", "bc") cannot hash alike.
  for (const value of [parts.mermaidVersion, parts.rendererSource, parts.theme, parts.title, parts.source]) {
    hash.update(`${value.length}:${value}`);
  }
  return hash.digest('hex');
}

export class RenderCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.#file(key), 'utf8');
    } catch {
      return undefined;
    }
  }

  async set(key: string, svg: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Write then rename, so a build killed halfway or a parallel build never reads half a file.
    const temporary = `${this.#file(key)}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, svg);
    await rename(temporary, this.#file(key));
  }

  #file(key: string): string {
    return path.join(this.dir, `${key}.svg`);
  }
}
