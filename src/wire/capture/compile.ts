/**
 * The capture preload as plain JavaScript. Every Node process of a captured run loads it; as
 * TypeScript, each process would first start Node's type stripper (a WebAssembly module), which cost
 * about a second per process on a busy machine in `npm run bench:sandbox`. So the runner strips the
 * types once (node:module stripTypeScriptTypes, Node ≥ 22.13) into a folder named by the sources'
 * hash, rewrites the `.ts` imports to `.mjs`, makes the files read-only, and reuses that folder.
 * Falls back to the TypeScript sources if stripping is unavailable.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WIRE_ROOT = fileURLToPath(new URL('../', import.meta.url));
const FOLDERS = ['capture', 'decode', '.'];
let cached: string | undefined;

/** A file URL of wire-preload as JavaScript (or as TypeScript when it cannot be compiled). */
export function compiledPreloadUrl(): string {
  if (cached) return cached;
  const fallback = new URL('./wire-preload.ts', import.meta.url).href;
  const strip = (nodeModule as { stripTypeScriptTypes?: (code: string) => string }).stripTypeScriptTypes;
  if (typeof strip !== 'function') return (cached = fallback);
  try {
    const files = FOLDERS.flatMap((folder) =>
      readdirSync(join(WIRE_ROOT, folder))
        .filter((name) => name.endsWith('.ts') && !(folder === '.' && name !== 'trace-events.ts'))
        .map((name) => join(folder, name)),
    );
    const hash = createHash('sha256');
    for (const file of files) hash.update(file).update(readFileSync(join(WIRE_ROOT, file)));
    const target = join(tmpdir(), `brr-wire-preload-${hash.digest('hex').slice(0, 16)}`);
    if (!existsSync(target)) {
      // Written beside, then renamed: a half-written folder is never used by a concurrent runner.
      const staging = `${target}.${process.pid}`;
      for (const folder of FOLDERS) mkdirSync(join(staging, folder), { recursive: true });
      for (const file of files) {
        const js = strip(readFileSync(join(WIRE_ROOT, file), 'utf8')).replace(/(from\s+'[^']+)\.ts'/g, "$1.mjs'");
        const out = join(staging, file.replace(/\.ts$/, '.mjs'));
        writeFileSync(out, js);
        chmodSync(out, 0o444);
      }
      try {
        renameSync(staging, target);
      } catch {
        // Another runner won the race; its folder has the same content.
      }
    }
    return (cached = pathToFileURL(join(target, 'capture', 'wire-preload.mjs')).href);
  } catch {
    return (cached = fallback);
  }
}
