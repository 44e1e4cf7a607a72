/**
 * Collects the TypeScript declaration files the sandbox editor needs (Node's own types and those of each
 * dependency a sandbox lists) from the project's node_modules, so the build can serve them as static
 * JSON and the editor type-checks offline. Node side only (build time); the browser just fetches JSON.
 *
 * Resolution follows TypeScript's own rules closely enough for declaration packages: a dependency `x`
 * is typed by `@types/x` when that exists (DefinitelyTyped's naming, `@scope/x` → `@types/scope__x`),
 * else by `x` itself when its package.json names a `types`/`typings` file or it ships `index.d.ts`.
 * Declaration packages depend on others (`@types/node` → `undici-types`, `@types/ws` → `@types/node`),
 * so the closure over their `dependencies` is collected too.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface TypesBundleOptions {
  /** Project root: the folder holding node_modules/. */
  root: string;
}

/** Thrown for a dependency that cannot be typed, with a message that says how to fix it. */
export class TypesBundleError extends Error {
  override name = 'TypesBundleError';
}

const DECLARATION_FILE = /\.d\.(?:ts|mts|cts)$/;
/** Above this a dependency is probably a mistake (a whole framework); the learner would wait for it. */
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/** DefinitelyTyped's name for the types of `pkg`: `ws` → `@types/ws`, `@scope/x` → `@types/scope__x`. */
export function definitelyTypedName(pkg: string): string {
  return pkg.startsWith('@') ? `@types/${pkg.slice(1).replace('/', '__')}` : `@types/${pkg}`;
}

/** A file-name-safe slug for one declaration package: `@types/node` → `types__node`. */
export function typeBundleSlug(typePackage: string): string {
  return typePackage.replace(/^@/, '').replace('/', '__');
}

/** The reverse of `typeBundleSlug`, for the endpoint that receives a slug. */
export function typePackageFromSlug(slug: string): string {
  return slug.includes('__') ? `@${slug.replace('__', '/')}` : slug;
}

interface PackageJson {
  name?: string;
  version?: string;
  types?: string;
  typings?: string;
  typesVersions?: Record<string, Record<string, string[]>>;
  exports?: unknown;
  main?: string;
  type?: string;
  dependencies?: Record<string, string>;
}

function packageDir(root: string, name: string): string | undefined {
  const dir = join(root, 'node_modules', ...name.split('/'));
  return existsSync(join(dir, 'package.json')) ? dir : undefined;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

function shipsOwnTypes(dir: string, json: PackageJson): boolean {
  const entry = json.types ?? json.typings;
  return entry !== undefined ? existsSync(join(dir, entry)) : existsSync(join(dir, 'index.d.ts'));
}

/** The declaration package for one dependency name, or an error saying how to make it typed. */
function typePackageFor(root: string, dependency: string): string {
  const typesName = dependency === 'node' ? '@types/node' : definitelyTypedName(dependency);
  if (packageDir(root, typesName)) return typesName;
  const dir = packageDir(root, dependency);
  if (!dir) {
    throw new TypesBundleError(
      `The sandbox dependency "${dependency}" is not installed: neither node_modules/${dependency} nor node_modules/${typesName} exists. ` +
        `Install it (npm install ${dependency}) or remove it from "dependencies" in sandbox.yaml.`,
    );
  }
  if (shipsOwnTypes(dir, readPackageJson(dir))) return dependency;
  throw new TypesBundleError(
    `The sandbox dependency "${dependency}" has no type definitions: node_modules/${dependency}/package.json names no "types" file and there is no node_modules/${typesName}. ` +
      `Install them (npm install --save-dev ${typesName}) so the editor can check code that imports "${dependency}".`,
  );
}

/**
 * Every declaration package the editor needs for `dependencies` (plus Node's own types, always), in a
 * stable order, each once: `['ws']` → `['@types/node', 'undici-types', '@types/ws']`.
 */
export function resolveTypePackages(dependencies: readonly string[], { root }: TypesBundleOptions): string[] {
  const result: string[] = [];
  const visit = (typePackage: string) => {
    if (result.includes(typePackage)) return;
    result.push(typePackage);
    const dir = packageDir(root, typePackage);
    if (!dir) return;
    // Declaration packages only depend on other declaration packages or on runtime packages that ship
    // their own .d.ts (undici-types); anything without declarations is irrelevant to the editor.
    for (const name of Object.keys(readPackageJson(dir).dependencies ?? {}).sort()) {
      const depDir = packageDir(root, name);
      if (depDir && shipsOwnTypes(depDir, readPackageJson(depDir))) visit(name);
    }
  };
  visit('@types/node');
  for (const dependency of dependencies) visit(typePackageFor(root, dependency));
  return result;
}

function parseVersion(text: string): number[] | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/**
 * Whether a `typesVersions` range such as `<=5.6` or `>=4.1 <5` admits `version`. Ranges we cannot read
 * count as matching, so at worst a folder is kept that the editor's TypeScript would not use.
 */
export function typesVersionsRangeMatches(range: string, version: string): boolean {
  const v = parseVersion(version);
  if (!v) return true;
  for (const comparator of range.trim().split(/\s+/)) {
    if (comparator === '*' || comparator === '') continue;
    const match = /^(<=|>=|<|>|=)?(.+)$/.exec(comparator);
    const bound = match ? parseVersion(match[2] ?? '') : undefined;
    if (!match || !bound) return true;
    const order = compareVersions(v, bound);
    const ok = { '<=': order <= 0, '>=': order >= 0, '<': order < 0, '>': order > 0, '=': order === 0 }[match[1] ?? '='];
    if (!ok) return false;
  }
  return true;
}

/**
 * Folders that only older TypeScript versions read (`"typesVersions": {"<=5.6": {"*": ["ts5.6/*"]}}`);
 * the editor's TypeScript never looks there, so shipping them would only cost the learner bandwidth.
 */
function foldersForOtherTypeScripts(json: PackageJson, typescriptVersion: string): string[] {
  const folders: string[] = [];
  for (const [range, mapping] of Object.entries(json.typesVersions ?? {})) {
    if (typesVersionsRangeMatches(range, typescriptVersion)) break; // TypeScript uses the first matching range.
    for (const targets of Object.values(mapping)) {
      for (const target of targets) {
        const folder = /^\.?\/?([^*]+?)\/\*$/.exec(target)?.[1];
        if (folder && folder !== '.') folders.push(`${folder}/`);
      }
    }
  }
  return folders;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function walk(dir: string, visit: (file: string) => void): void {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, visit);
    else visit(path);
  }
}

/** The TypeScript version the editor runs, read from monaco-editor so the two can never drift apart. */
export function editorTypeScriptVersion(root: string): string {
  const file = join(root, 'node_modules/monaco-editor/esm/vs/languages/features/typescript/lib/typescriptServicesMetadata.js');
  const version = existsSync(file) ? /typescriptVersion\s*=\s*"([\d.]+)"/.exec(readFileSync(file, 'utf8'))?.[1] : undefined;
  return version ?? '5.9.3';
}

export interface CollectOptions extends TypesBundleOptions {
  /** Version of the editor's TypeScript; decides which `typesVersions` folders are left out. */
  typescriptVersion?: string;
  /** Refuse bundles larger than this many bytes (UTF-16 length of the contents). Default 8 MiB. */
  maxBytes?: number;
}

/**
 * The declaration files of one package, keyed by the path TypeScript will look them up at in the
 * editor's virtual file system: `node_modules/@types/node/http.d.ts`. package.json is included, cut down
 * to the fields module resolution reads (`types`, `typesVersions`, `exports`, …).
 */
export function collectTypeFiles(typePackage: string, options: CollectOptions): Record<string, string> {
  const { root, maxBytes = DEFAULT_MAX_BYTES } = options;
  const dir = packageDir(root, typePackage);
  if (!dir) {
    throw new TypesBundleError(`The type package "${typePackage}" is not installed (node_modules/${typePackage}/package.json is missing). Run npm install.`);
  }
  const json = readPackageJson(dir);
  const skipped = foldersForOtherTypeScripts(json, options.typescriptVersion ?? editorTypeScriptVersion(root));
  const prefix = `node_modules/${typePackage}/`;
  const files: Record<string, string> = {};
  const { name, version, types, typings, typesVersions, exports, main, type } = json;
  files[`${prefix}package.json`] = JSON.stringify({ name, version, types, typings, typesVersions, exports, main, type });
  let bytes = 0;
  walk(dir, (file) => {
    const rel = relative(dir, file).split(sep).join('/');
    if (!DECLARATION_FILE.test(rel) || skipped.some((folder) => rel.startsWith(folder))) return;
    const content = readFileSync(file, 'utf8');
    bytes += content.length;
    files[`${prefix}${rel}`] = content;
  });
  if (bytes > maxBytes) {
    throw new TypesBundleError(
      `The type definitions of "${typePackage}" are ${formatBytes(bytes)}, more than the ${formatBytes(maxBytes)} a learner should download for the editor. ` +
        `Use a smaller dependency in sandbox.yaml, or raise the limit in src/pages/sandbox-types/[name].json.ts if it is really needed.`,
    );
  }
  return files;
}
