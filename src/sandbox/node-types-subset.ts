/**
 * Cuts @types/node down to the Node modules the course's code can reach. All of it is 2.6 MB of
 * declarations (450 KB gzipped) that the editor's TypeScript worker must download and parse before its
 * first check, while sandboxes import about ten `node:` modules. Kept: every file that declares globals
 * (Buffer, process, timers, fetch, …, which any code may use without importing), every module imported
 * by sandbox code or by the other declaration packages the editor loads (ws, socket.io, grpc-js, …),
 * and, transitively, every module those files import or reference. index.d.ts is rewritten to
 * reference only the kept files. A learner who imports a module no sandbox uses sees "Cannot find
 * module" in the editor (the code still runs); adding that import to any sandbox brings it back.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MODULE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
const DECLARED_MODULE = /declare\s+module\s+["']([^"']+)["']/g;
const DECLARES_A_MODULE = /declare\s+module\s+["']/;
 /**
 * process.d.ts maps every module name to its type for `process.getBuiltinModule` (one line each, e.g.
 * `"node:sqlite": typeof import("node:sqlite");`). Following those would keep everything; instead the
 * lines of dropped modules are dropped, so that function knows exactly the modules that are kept.
 */
const BUILTIN_MAP_LINE = /^\s*"([^"]+)":\s*typeof import\("[^"]+"\);\s*\n/gm;
const REFERENCE_PATH = /^\/\/\/\s*<reference\s+path="([^"]+)"\s*\/>/gm;

/** `node:fs/promises` and `fs/promises` are one module to @types/node, which declares both names. */
function bare(specifier: string): string {
  return specifier.replace(/^node:/, '');
}

/** Module names imported anywhere in these sources (bare form, `node:` dropped). */
export function importedModules(sources: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const source of sources) for (const match of source.matchAll(MODULE_SPECIFIER)) names.add(bare(match[1] ?? ''));
  return names;
}

/** Text of every .ts/.mts/.js file under a folder (skipping node_modules), for importedModules. */
export function sourceFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const texts: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      if (name === 'node_modules') continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(?:[cm]?ts|[cm]?js)$/.test(name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return texts;
}

/**
 * The subset of a collected @types/node bundle (`{path: content}`, paths under `prefix`) needed for
 * `wanted` modules, with index.d.ts referencing only what is kept. Files index.d.ts does not reference
 * (package.json, typesVersions folders already filtered by the caller) are left as they are.
 */
export function nodeTypesSubset(files: Record<string, string>, prefix: string, wanted: ReadonlySet<string>): Record<string, string> {
  const indexPath = `${prefix}index.d.ts`;
  const index = files[indexPath];
  if (index === undefined) return files;
  const referenced = Array.from(index.matchAll(REFERENCE_PATH), (match) => match[1] ?? '').filter((file) => `${prefix}${file}` in files);
  const declaring = new Map<string, string[]>();
  for (const file of referenced) {
    for (const match of (files[`${prefix}${file}`] ?? '').matchAll(DECLARED_MODULE)) {
      const name = bare(match[1] ?? '');
      declaring.set(name, [...(declaring.get(name) ?? []), file]);
    }
  }
  const kept = new Set<string>();
  const queue: string[] = [];
  const keep = (file: string) => {
    if (!kept.has(file)) {
      kept.add(file);
      queue.push(file);
    }
  };
  for (const file of referenced) {
    const content = files[`${prefix}${file}`] ?? '';
    // Global declarations apply without an import (also `global { … }` inside a module, as process.d.ts
    // declares `process`), so their files always stay.
    if (!DECLARES_A_MODULE.test(content) || /\bglobal\s*\{/.test(content)) keep(file);
  }
  for (const name of wanted) for (const file of declaring.get(name) ?? []) keep(file);
  while (queue.length > 0) {
    const content = (files[`${prefix}${queue.pop()}`] ?? '').replace(BUILTIN_MAP_LINE, '');
    for (const name of importedModules([content])) for (const file of declaring.get(name) ?? []) keep(file);
    for (const match of content.matchAll(REFERENCE_PATH)) {
      const target = match[1] ?? '';
      if (referenced.includes(target)) keep(target);
    }
  }
  const subset: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) {
    const file = path.slice(prefix.length);
    if (path.startsWith(prefix) && referenced.includes(file) && !kept.has(file)) continue;
    const keptModule = (name: string) => declaring.get(bare(name))?.some((declarer) => kept.has(declarer)) ?? false;
    subset[path] = content.replace(BUILTIN_MAP_LINE, (line, name: string) => (keptModule(name) ? line : ''));
  }
  subset[indexPath] = index.replace(REFERENCE_PATH, (line, file: string) => (referenced.includes(file) && !kept.has(file) ? '' : line));
  return subset;
}
