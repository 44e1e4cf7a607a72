/**
 * The @types/node subset the editor downloads (src/sandbox/node-types-subset.ts): smaller, and still
 * enough for TypeScript to check code that uses the kept modules and Node's globals without a single
 * error, proven with the real TypeScript compiler over only the subset's files.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importedModules, nodeTypesSubset } from '../../src/sandbox/node-types-subset.ts';
import { collectTypeFiles } from '../../src/sandbox/types-bundle.ts';

const root = join(import.meta.dirname, '../..');
const PREFIX = 'node_modules/@types/node/';
const full = collectTypeFiles('@types/node', { root });
const undici = collectTypeFiles('undici-types', { root });
const subset = nodeTypesSubset(full, PREFIX, importedModules([`import { createServer } from 'node:http';`]));

/** Diagnostics for one file checked against only `files`, as the editor's worker would see them. */
function check(files: Record<string, string>, source: string): string[] {
  // undici-types is its own bundle in the editor (fetch's Response lives there); load it beside Node's.
  const all = new Map(Object.entries({ ...undici, ...files }).map(([path, content]) => [`/${path}`, content]));
  all.set('/main.ts', source);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2024.d.ts'], types: ['node'], typeRoots: ['/node_modules/@types'], strict: true, noEmit: true, skipLibCheck: true,
  };
  const libDir = join(root, 'node_modules/typescript/lib');
  const host = ts.createCompilerHost(options);
  const read = (file: string) => all.get(file) ?? (file.startsWith(libDir) ? ts.sys.readFile(file) : undefined);
  host.getSourceFile = (file, version) => {
    const text = read(file);
    return text === undefined ? undefined : ts.createSourceFile(file, text, version);
  };
  host.fileExists = (file) => read(file) !== undefined;
  host.readFile = read;
  host.directoryExists = (dir) => dir.startsWith(libDir) || [...all.keys()].some((file) => file.startsWith(`${dir.replace(/\/$/, '')}/`));
  host.getDirectories = () => [];
  host.getCurrentDirectory = () => '/';
  host.getDefaultLibLocation = () => libDir;
  host.getDefaultLibFileName = () => join(libDir, 'lib.d.ts');
  const program = ts.createProgram(['/main.ts'], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('nodeTypesSubset', () => {
  it('keeps an imported module, what it imports, and every global; drops modules nothing reaches', () => {
    for (const kept of ['http.d.ts', 'net.d.ts', 'stream.d.ts', 'events.d.ts', 'globals.d.ts', 'buffer.buffer.d.ts', 'process.d.ts', 'web-globals/fetch.d.ts']) {
      expect(Object.keys(subset), kept).toContain(`${PREFIX}${kept}`);
    }
    for (const dropped of ['sqlite.d.ts', 'test.d.ts', 'inspector.generated.d.ts', 'repl.d.ts']) {
      expect(Object.keys(subset), dropped).not.toContain(`${PREFIX}${dropped}`);
      expect(subset[`${PREFIX}index.d.ts`]).not.toContain(`path="${dropped}"`);
    }
    // process.getBuiltinModule's map keeps only modules that are still declared.
    expect(subset[`${PREFIX}process.d.ts`]).not.toContain('import("node:sqlite")');
    expect(subset[`${PREFIX}process.d.ts`]).toContain('import("node:http")');
    expect(JSON.stringify(subset).length).toBeLessThan(JSON.stringify(full).length * 0.8);
  });

  it('type-checks code using the kept module and the globals with no error, as the full package does', () => {
    const code = [
      "import { createServer, type IncomingMessage } from 'node:http';",
      'const server = createServer((req: IncomingMessage, res) => res.end(Buffer.from(req.url ?? "")));',
      'const timer: NodeJS.Timeout = setTimeout(() => server.close(), 10);',
      'clearTimeout(timer);',
      'console.log(process.env.HOME, new URL("http://x/").host, structuredClone({ a: 1 }));',
      'void fetch("http://127.0.0.1/").then((r) => r.text());',
      'export {};',
    ].join('\n');
    expect(check(full, code)).toEqual([]);
    expect(check(subset, code)).toEqual([]);
  });

  it('leaves a module no sandbox imports undeclared, so the editor says so instead of guessing', () => {
    expect(check(subset, "import { DatabaseSync } from 'node:sqlite';\nexport { DatabaseSync };")).toEqual([
      expect.stringContaining("Cannot find module 'node:sqlite'"),
    ]);
  });
});
