/**
 * Monaco's TypeScript worker carries every library file TypeScript ships as strings (`lib/lib.js`,
 * 3.2 MB of the worker's 6.9 MB). Sandboxes are Node programs: their globals come from @types/node, and
 * the editor's `lib` is ECMAScript only (EDITOR_LIBS). The browser-host libraries (DOM, web workers,
 * Windows Script Host) are 2.6 MB of that, and the worker decodes and compiles them before its first check.
 *
 * This Vite plugin serves that module with every library that is, or references, a browser-host library
 * left out; the ECMAScript libraries stay, so `/// <reference lib="es2020" />` in @types/node and
 * `esnext.*` libraries still resolve. A learner's `/// <reference lib="dom" />` gets TypeScript's own
 * "Cannot find lib definition for 'dom'". tests/unit/typescript-worker-libs.test.ts proves the kept set is
 * closed under references and covers EDITOR_LIBS and every library the declaration bundles reference.
 */
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

const MONACO_TS_LIBS = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]languages[\\/]features[\\/]typescript[\\/]lib[\\/]lib\.js$/;
const HOST_LIBRARY = /^lib\.(dom|webworker|scripthost)\b/;

/** `lib.es2020.d.ts` for `/// <reference lib="es2020" />`: the libraries a library file references. */
export function referencedLibs(text: string): string[] {
  return [...text.matchAll(/\/\/\/\s*<reference\s+lib\s*=\s*["']([^"']+)["']/g)].map((match) => `lib.${match[1]!.toLowerCase()}.d.ts`);
}

/** The libraries of `libs` that neither are nor reach (through references) a browser-host library. */
export function withoutHostLibs(libs: Readonly<Record<string, string>>): Record<string, string> {
  const reachesHost = new Map<string, boolean>();
  const reaches = (name: string, visiting: Set<string>): boolean => {
    const known = reachesHost.get(name);
    if (known !== undefined) return known;
    if (HOST_LIBRARY.test(name)) return true;
    // A reference cycle cannot lead anywhere its other paths do not; TypeScript's libraries have none.
    if (visiting.has(name) || libs[name] === undefined) return false;
    visiting.add(name);
    const result = referencedLibs(libs[name]).some((reference) => reaches(reference, visiting));
    reachesHost.set(name, result);
    return result;
  };
  return Object.fromEntries(Object.entries(libs).filter(([name]) => !reaches(name, new Set())));
}

export function typescriptWorkerLibsPlugin(): Plugin {
  return {
    name: 'course-typescript-worker-libs',
    enforce: 'pre',
    async load(id) {
      const file = id.split('?')[0]!;
      if (!MONACO_TS_LIBS.test(file)) return null;
      const loaded = (await import(pathToFileURL(file).href)) as { libFileMap?: Record<string, string> };
      if (!loaded.libFileMap || Object.keys(loaded.libFileMap).length === 0) {
        // Fail the build instead of shipping a worker without libraries (TypeScript would then flag every global).
        this.error(`${file} no longer exports a non-empty libFileMap; a monaco-editor upgrade changed it. Update src/integrations/typescript-worker-libs.ts to its new shape.`);
      }
      const kept = withoutHostLibs(loaded.libFileMap);
      return `export const libFileMap = ${JSON.stringify(kept)};\n`;
    },
  };
}
