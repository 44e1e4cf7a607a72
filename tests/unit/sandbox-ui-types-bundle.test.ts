import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  collectTypeFiles,
  definitelyTypedName,
  editorTypeScriptVersion,
  resolveTypePackages,
  typeBundleSlug,
  typePackageFromSlug,
  typesVersionsRangeMatches,
} from '../../src/sandbox/types-bundle.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A throw-away node_modules laid out like npm would, so each rule is tested against real files. */
let fixture: string;
function write(path: string, content: string): void {
  const file = join(fixture, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

beforeAll(() => {
  fixture = mkdtempSync(join(tmpdir(), 'types-bundle-'));
  write('node_modules/@types/node/package.json', JSON.stringify({
    name: '@types/node', version: '22.0.0', types: 'index.d.ts', scripts: { x: 'y' },
    dependencies: { 'fake-undici': '*' },
    typesVersions: { '<=5.6': { '*': ['ts5.6/*'] } },
  }));
  write('node_modules/@types/node/index.d.ts', '/// <reference path="http.d.ts" />\n');
  write('node_modules/@types/node/http.d.ts', 'declare module "http" {}\n');
  write('node_modules/@types/node/ts5.6/index.d.ts', '// only for TypeScript 5.6 and older\n');
  write('node_modules/@types/node/README.md', 'not a declaration');
  write('node_modules/fake-undici/package.json', JSON.stringify({ name: 'fake-undici', types: 'index.d.ts' }));
  write('node_modules/fake-undici/index.d.ts', 'export {};\n');
  // A package with its own types and a nested node_modules that must not be collected.
  write('node_modules/self-typed/package.json', JSON.stringify({ name: 'self-typed', types: 'dist/index.d.ts', dependencies: { untyped: '*' } }));
  write('node_modules/self-typed/dist/index.d.ts', 'export declare const x: number;\n');
  write('node_modules/self-typed/dist/index.js', 'export const x = 1;\n');
  write('node_modules/self-typed/node_modules/inner/index.d.ts', 'export {};\n');
  // Typed by DefinitelyTyped, which depends on @types/node.
  write('node_modules/dt-typed/package.json', JSON.stringify({ name: 'dt-typed' }));
  write('node_modules/@types/dt-typed/package.json', JSON.stringify({ name: '@types/dt-typed', dependencies: { '@types/node': '*' } }));
  write('node_modules/@types/dt-typed/index.d.ts', 'export {};\n');
  write('node_modules/@types/scope__pkg/package.json', JSON.stringify({ name: '@types/scope__pkg' }));
  write('node_modules/@types/scope__pkg/index.d.ts', 'export {};\n');
  write('node_modules/untyped/package.json', JSON.stringify({ name: 'untyped', main: 'index.js' }));
  write('node_modules/untyped/index.js', 'module.exports = 1;\n');
  write('node_modules/huge/package.json', JSON.stringify({ name: 'huge', types: 'index.d.ts' }));
  write('node_modules/huge/index.d.ts', `export declare const big: "${'x'.repeat(2048)}";\n`);
});
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

describe('names', () => {
  test('DefinitelyTyped names and URL slugs round-trip, scoped packages included', () => {
    expect(definitelyTypedName('ws')).toBe('@types/ws');
    expect(definitelyTypedName('@scope/pkg')).toBe('@types/scope__pkg');
    for (const name of ['@types/node', 'undici-types', '@types/scope__pkg', 'ws']) {
      expect(typeBundleSlug(name)).toMatch(/^[a-z0-9_.-]+$/);
      expect(typePackageFromSlug(typeBundleSlug(name))).toBe(name);
    }
    expect(typeBundleSlug('@types/node')).toBe('types__node');
  });
});

describe('typesVersions ranges', () => {
  test.each([
    ['<=5.6', '5.9.3', false],
    ['<=5.6', '5.6.0', true],
    ['<5.7', '5.7.0', false],
    ['>=4.1 <5', '4.9.5', true],
    ['>=4.1 <5', '5.0.0', false],
    ['*', '5.9.3', true],
    ['~5.6', '5.9.3', true], // unreadable: kept rather than guessed
  ])('%s admits %s: %s', (range, version, expected) => {
    expect(typesVersionsRangeMatches(range, version)).toBe(expected);
  });
});

describe('resolveTypePackages', () => {
  test('always starts with Node and follows declaration dependencies, each package once', () => {
    expect(resolveTypePackages([], { root: fixture })).toEqual(['@types/node', 'fake-undici']);
    expect(resolveTypePackages(['dt-typed', 'self-typed', '@scope/pkg'], { root: fixture })).toEqual([
      '@types/node',
      'fake-undici',
      '@types/dt-typed',
      'self-typed', // its runtime dependency "untyped" has no declarations and is left out
      '@types/scope__pkg',
    ]);
  });

  test('a dependency without types says how to add them', () => {
    expect(() => resolveTypePackages(['untyped'], { root: fixture })).toThrowErrorMatchingInlineSnapshot(
      `[TypesBundleError: The sandbox dependency "untyped" has no type definitions: node_modules/untyped/package.json names no "types" file and there is no node_modules/@types/untyped. Install them (npm install --save-dev @types/untyped) so the editor can check code that imports "untyped".]`,
    );
  });

  test('a dependency that is not installed says so', () => {
    expect(() => resolveTypePackages(['left-pad'], { root: fixture })).toThrowErrorMatchingInlineSnapshot(
      `[TypesBundleError: The sandbox dependency "left-pad" is not installed: neither node_modules/left-pad nor node_modules/@types/left-pad exists. Install it (npm install left-pad) or remove it from "dependencies" in sandbox.yaml.]`,
    );
  });

  test('the project itself: ws is typed by @types/ws, and Node brings undici-types', () => {
    expect(resolveTypePackages(['ws'], { root: projectRoot })).toEqual(['@types/node', 'undici-types', '@types/ws']);
  });
});

describe('collectTypeFiles', () => {
  test('collects declarations under node_modules/<package>/, skipping old-TypeScript folders, other files and nested node_modules', () => {
    const files = collectTypeFiles('@types/node', { root: fixture, typescriptVersion: '5.9.3' });
    expect(Object.keys(files).sort()).toEqual([
      'node_modules/@types/node/http.d.ts',
      'node_modules/@types/node/index.d.ts',
      'node_modules/@types/node/package.json',
    ]);
    expect(files['node_modules/@types/node/http.d.ts']).toBe('declare module "http" {}\n');
    // package.json keeps what module resolution reads and nothing else.
    expect(JSON.parse(files['node_modules/@types/node/package.json']!)).toEqual({
      name: '@types/node',
      version: '22.0.0',
      types: 'index.d.ts',
      typesVersions: { '<=5.6': { '*': ['ts5.6/*'] } },
    });
    expect(Object.keys(collectTypeFiles('self-typed', { root: fixture }))).toEqual([
      'node_modules/self-typed/package.json',
      'node_modules/self-typed/dist/index.d.ts',
    ]);
  });

  test('an older editor TypeScript keeps the folder made for it', () => {
    const files = collectTypeFiles('@types/node', { root: fixture, typescriptVersion: '5.5.0' });
    expect(files['node_modules/@types/node/ts5.6/index.d.ts']).toBeDefined();
  });

  test('refuses a bundle too large for a learner to download', () => {
    expect(() => collectTypeFiles('huge', { root: fixture, maxBytes: 1024 })).toThrowErrorMatchingInlineSnapshot(
      `[TypesBundleError: The type definitions of "huge" are 2.0 KiB, more than the 1.0 KiB a learner should download for the editor. Use a smaller dependency in sandbox.yaml, or raise the limit in src/pages/sandbox-types/[name].json.ts if it is really needed.]`,
    );
  });

  test('the real @types/node has http and the web globals but not the ts5.x copies', () => {
    expect(editorTypeScriptVersion(projectRoot)).toMatch(/^5\.\d+\.\d+$/);
    const files = collectTypeFiles('@types/node', { root: projectRoot });
    const paths = Object.keys(files);
    expect(paths).toContain('node_modules/@types/node/index.d.ts');
    expect(paths).toContain('node_modules/@types/node/http.d.ts');
    expect(paths.some((p) => p.includes('/web-globals/'))).toBe(true);
    expect(paths.some((p) => /\/ts5\.\d\//.test(p))).toBe(false);
  });
});
