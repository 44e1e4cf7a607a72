/**
 * Builds the WebContainer's package manifest (container-packages.ts) at build time, in Node: the exact
 * versions of the sandboxes' packages come from the project's package-lock.json (what `npm install`
 * put in node_modules and `npm test` graded with), the test runner and loader from
 * src/sandbox/container-tools/package-lock.json (pinned there, with the reason next to the pin).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINER_NODE_VERSION, lockClosure, packageName, type ContainerPackages, type LockEntry } from './container-packages.ts';

const TOOLS_DIR = join('src', 'sandbox', 'container-tools');

interface LockFile {
  packages: Record<string, LockEntry & { dev?: boolean; peer?: boolean; link?: boolean; name?: string }>;
}

/** Only what npm needs to install an entry as locked; dev/peer markers of the project do not apply. */
const KEPT_FIELDS = [
  'version', 'resolved', 'integrity', 'dependencies', 'optionalDependencies', 'peerDependencies',
  'peerDependenciesMeta', 'optional', 'os', 'cpu', 'bin', 'engines', 'license', 'hasInstallScript',
] as const;

function readLock(path: string): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync(path, 'utf8')) as LockFile;
  const entries: Record<string, LockEntry> = {};
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.link) continue;
    const kept: Record<string, unknown> = {};
    for (const field of KEPT_FIELDS) if (entry[field] !== undefined) kept[field] = entry[field];
    entries[key] = kept as unknown as LockEntry;
  }
  return entries;
}

export function buildContainerPackages(options: { root: string; dependencies: Iterable<string> }): ContainerPackages {
  const projectLock = readLock(join(options.root, 'package-lock.json'));
  const toolsLock = readLock(join(options.root, TOOLS_DIR, 'package-lock.json'));
  const sandboxNames = [...new Set([...options.dependencies].map(packageName))].sort();
  const tools = { testRunner: 'vitest', loader: 'tsx' };
  const lock: Record<string, LockEntry> = { ...lockClosure(projectLock, sandboxNames) };
  // The tools' tree and the sandboxes' tree share one node_modules: a package both need must be one version.
  for (const [path, entry] of Object.entries(lockClosure(toolsLock, Object.values(tools)))) {
    const existing = lock[path];
    if (existing !== undefined && existing.version !== entry.version) {
      throw new Error(
        `The container's test tools need ${path} ${entry.version}, the sandboxes ${existing.version}. ` +
          `Align the versions (npm install in ${TOOLS_DIR} or the project) so one node_modules holds both.`,
      );
    }
    lock[path] = entry;
  }
  const versions: Record<string, string> = {};
  for (const name of [...sandboxNames, ...Object.values(tools)]) {
    const entry = lock[`node_modules/${name}`];
    if (entry === undefined) throw new Error(`"${name}" is not installed in the project; run npm install.`);
    versions[name] = entry.version;
  }
  return { node: CONTAINER_NODE_VERSION, versions, tools, lock };
}
