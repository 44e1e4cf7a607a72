/**
 * The editor's TypeScript worker ships without the browser-host libraries (issue #15). What must hold for
 * diagnostics to stay right: every library the editor's `lib` option, a kept library or a declaration
 * bundle references is still there; nothing DOM-shaped is.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { referencedLibs, typescriptWorkerLibsPlugin, withoutHostLibs } from '../../src/integrations/typescript-worker-libs.ts';
import { EDITOR_LIBS } from '../../src/sandbox/compiler-options.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { collectTypeFiles, resolveTypePackages } from '../../src/sandbox/types-bundle.ts';

const root = process.cwd();
const MONACO_LIBS = join(root, 'node_modules/monaco-editor/esm/vs/languages/features/typescript/lib/lib.js');
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

type Load = (this: { error(message: string): never }, id: string) => Promise<string | null>;
const pluginContext = { error: (message: string): never => { throw new Error(message); } };
const load = (id: string) => (typescriptWorkerLibsPlugin().load as unknown as Load).call(pluginContext, id);

async function servedLibs(): Promise<Record<string, string>> {
  const code = await load(`${MONACO_LIBS}?worker_file&type=classic`);
  expect(code).toBeTypeOf('string');
  const module = (await import(`data:text/javascript,${encodeURIComponent(code!)}`)) as { libFileMap: Record<string, string> };
  return module.libFileMap;
}

function closure(roots: Iterable<string>, libs: Readonly<Record<string, string>>): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (libs[name] !== undefined) pending.push(...referencedLibs(libs[name]));
  }
  return seen;
}

describe("the TypeScript worker's libraries", () => {
  test('leave out DOM, web worker and script host libraries, and every library that references one', async () => {
    const { libFileMap: original } = (await import(MONACO_LIBS)) as { libFileMap: Record<string, string> };
    const served = await servedLibs();
    const names = Object.keys(served);
    expect(names.filter((name) => /^lib\.(dom|webworker|scripthost)/.test(name))).toEqual([]);
    // lib.d.ts and the .full libraries are ECMAScript plus the DOM.
    for (const bundle of ['lib.d.ts', 'lib.es6.d.ts', 'lib.es2024.full.d.ts', 'lib.esnext.full.d.ts']) expect(names).not.toContain(bundle);
    // Kept libraries are served unchanged.
    for (const name of names) expect(served[name]).toBe(original[name]);
    const bytes = (libs: Record<string, string>) => Object.values(libs).reduce((total, text) => total + text.length, 0);
    expect(bytes(served)).toBeLessThan(bytes(original) / 4);
  });

  test("keep every library the editor's options, the kept libraries and the declaration bundles reference", async () => {
    const served = await servedLibs();
    const { libFileMap: original } = (await import(MONACO_LIBS)) as { libFileMap: Record<string, string> };
    const dependencies = loadSandboxes(root).sandboxes.flatMap((sandbox) => sandbox.config.dependencies);
    const typePackages = resolveTypePackages(dependencies, { root });
    expect(typePackages).toContain('@types/node');
    const fromTypes = typePackages.flatMap((typePackage) => Object.values(collectTypeFiles(typePackage, { root })).flatMap(referencedLibs));
    // @types/node references es2020 and esnext libraries (checked on @types/node 26): the test must see some.
    expect(fromTypes.length).toBeGreaterThan(0);
    const needed = closure([...EDITOR_LIBS.map((lib) => `lib.${lib}.d.ts`), ...fromTypes], original);
    const missing = [...needed].filter((name) => served[name] === undefined);
    expect(missing).toEqual([]);
    // Closed: no kept library points at one that is gone.
    expect([...closure(Object.keys(served), served)].filter((name) => served[name] === undefined)).toEqual([]);
  });

  test('drop a library that reaches the DOM through another, and survive a reference cycle', () => {
    const libs = {
      'lib.es5.d.ts': 'interface Array<T> {}',
      'lib.a.d.ts': '/// <reference lib="b" />\n/// <reference lib="es5" />',
      'lib.b.d.ts': "/// <reference lib='a' />",
      'lib.web.d.ts': '/// <reference lib="es5" />\n/// <reference lib="DOM.Iterable" />',
      'lib.dom.iterable.d.ts': '/// <reference lib="es5" />',
    };
    expect(Object.keys(withoutHostLibs(libs)).sort()).toEqual(['lib.a.d.ts', 'lib.b.d.ts', 'lib.es5.d.ts']);
  });

  test('leave every other module alone, and fail the build when Monaco changes the module', async () => {
    expect(await load(join(root, 'node_modules/monaco-editor/esm/vs/languages/features/typescript/tsWorker.js'))).toBeNull();
    const fake = mkdtempSync(join(tmpdir(), 'ts-libs-'));
    temporary.push(fake);
    const dir = join(fake, 'monaco-editor/esm/vs/languages/features/typescript/lib');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'lib.js'), 'export const libraries = {};\n');
    await expect(load(join(dir, 'lib.js'))).rejects.toThrow(/no longer exports a non-empty libFileMap.*typescript-worker-libs\.ts/);
  });
});
