/**
 * What the WebContainer gets installed, fixed at build time: the Node version it is asked for, the exact
 * version of every package the sandboxes use, and a lockfile (package-lock.json v3 entries) for all of
 * them and their dependencies. Built by container-packages-build.ts from the project's package-lock.json
 * (the versions `npm test` proves) and src/sandbox/container-tools/ (the container's test runner), served
 * as one JSON file (src/pages/webcontainer-packages.json.ts), and turned here into the package.json and
 * package-lock.json written into the container for exactly the packages needed so far.
 * Pure functions over plain data: the browser runs them, tests call them directly.
 */

/**
 * WebContainers run Node 20 unless the project's package.json asks for another version in engines.node
 * (stackblitz/webcontainer-core#560, Node 22.22.0 offered since January 2026). 22.22 strips TypeScript
 * types by default (Node ≥ 22.18), so programs run as `node entry.ts`, like on the local runner.
 */
export const CONTAINER_NODE_VERSION = '22.22.0';

/** Where the served manifest is, relative to the site's base. */
export const CONTAINER_PACKAGES_PATH = 'webcontainer-packages.json';

/** The fields of a package-lock.json v3 `packages` entry that npm needs to install it as locked. */
export interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  license?: string;
  hasInstallScript?: boolean;
}

export interface ContainerPackages {
  node: string;
  /** Package name → exact version, for every package a sandbox or the test runner needs. */
  versions: Record<string, string>;
  /** The test runner and the TypeScript loader, by role. */
  tools: { testRunner: string; loader: string };
  /** package-lock.json `packages` entries keyed by path (`node_modules/ws`, `node_modules/a/node_modules/b`). */
  lock: Record<string, LockEntry>;
}

/** `ws` → ws; `ws@^8` → ws; `@scope/name@1` → @scope/name. */
export function packageName(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at === -1 ? spec : spec.slice(0, at);
}

/**
 * The lock entries `names` need: each package and, recursively, what it depends on, found the way
 * Node and npm resolve (nearest node_modules folder first, then each parent's).
 */
export function lockClosure(lock: Record<string, LockEntry>, names: Iterable<string>): Record<string, LockEntry> {
  const picked: Record<string, LockEntry> = {};
  const queue: Array<{ name: string; from: string; optional: boolean }> = [...names].map((name) => ({ name, from: '', optional: false }));
  while (queue.length > 0) {
    const { name, from, optional } = queue.shift()!;
    const path = resolveIn(lock, name, from);
    if (path === undefined) {
      // An optional dependency for another platform (esbuild's, rollup's) is absent from the lock: fine.
      if (optional) continue;
      throw new Error(`The container lockfile has no "${name}" (needed by ${from || 'the sandboxes'}).`);
    }
    if (picked[path] !== undefined) continue;
    const entry = lock[path]!;
    picked[path] = entry;
    for (const dependency of Object.keys(entry.dependencies ?? {})) queue.push({ name: dependency, from: path, optional: false });
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) queue.push({ name: dependency, from: path, optional: true });
    // Required peers are installed by npm 7+ too; optional ones only when something else brings them.
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) {
      if (entry.peerDependenciesMeta?.[dependency]?.optional) continue;
      queue.push({ name: dependency, from: path, optional: true });
    }
  }
  return picked;
}

function resolveIn(lock: Record<string, LockEntry>, name: string, from: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** The package.json and package-lock.json written into the container's root for these packages. */
export function containerProjectFiles(manifest: ContainerPackages, names: readonly string[]): { packageJson: string; lockJson: string } {
  const sorted = [...new Set(names)].sort();
  const dependencies: Record<string, string> = {};
  for (const name of sorted) {
    const version = manifest.versions[name];
    if (version === undefined) throw new Error(`No locked version of "${name}" is known; add it to a sandbox's dependencies and rebuild.`);
    dependencies[name] = version;
  }
  const root = {
    name: 'course-sandboxes',
    private: true,
    type: 'module',
    // Read by WebContainers when a process starts, to pick the Node version.
    engines: { node: manifest.node },
    dependencies,
  };
  const packages = lockClosure(manifest.lock, sorted);
  const lock = {
    name: root.name,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: root.name, engines: root.engines, dependencies }, ...sortKeys(packages) },
  };
  return { packageJson: `${JSON.stringify(root, null, 2)}\n`, lockJson: `${JSON.stringify(lock, null, 2)}\n` };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
