/**
 * A run's private folder: a fresh `mkdtemp` directory holding the learner's files, a link to the
 * project's installed packages, and a `.runner` folder for the runner's own files (vitest config and
 * report). It is removed, whatever happened, when the run ends.
 *
 *   <server folder>/brr-run-XXXXXX/   (server-folder.ts)
 *     work/                 the run's working directory (cwd): learner files
 *       node_modules ->     the project's node_modules, so `import 'ws'` resolves with no network
 *       package.json        {"type":"module"} unless the learner sent one
 *     .runner/              runner-owned; never written from learner-supplied names
 *     tmp/                  TMPDIR of the run, so temporary files go when the run goes
 */
import { constants, mkdtempSync } from 'node:fs';
import { lstat, mkdir, open, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileTree } from './protocol.ts';
import { removeTree, RUN_FOLDER_PREFIX } from './server-folder.ts';

export interface Workspace {
  /** The temp folder that holds everything; removing it removes the run's traces. */
  root: string;
  /** The learner's files and the process's working directory. */
  workDir: string;
  /** Runner-owned scratch space outside the learner's tree. */
  privateDir: string;
  /** The run's TMPDIR. */
  tmpDir: string;
  remove(): Promise<void>;
}

/**
 * Node decides between ESM and CommonJS by the nearest package.json; without one it would look at
 * whatever lies above the temp folder. A fixed `"type": "module"` makes `import` work the same everywhere.
 */
const DEFAULT_PACKAGE_JSON = '{ "private": true, "type": "module" }\n';

/** O_EXCL: the file must be new (never truncate or follow anything); O_NOFOLLOW: never open through a link. */
const CREATE_NEW_REGULAR_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export class WorkspaceError extends Error {}

export async function createWorkspace(options: {
  parentDir: string;
  files: FileTree;
  nodeModulesDir: string | undefined;
  /** Called with the new folder before anything else can run, so a sweep of strays never takes it for one. */
  onCreated?: (root: string) => void;
}): Promise<Workspace> {
  // Synchronous, so that no sweep of the parent folder (server-folder.ts removeStrays) can list the
  // folder between its creation and onCreated.
  const root = mkdtempSync(join(options.parentDir, RUN_FOLDER_PREFIX));
  options.onCreated?.(root);
  const workspace: Workspace = {
    root,
    workDir: join(root, 'work'),
    privateDir: join(root, '.runner'),
    tmpDir: join(root, 'tmp'),
    // rm does not follow symbolic links, so the node_modules link is unlinked, not emptied; folders
    // the program made unwritable are made writable again first.
    remove: () => removeTree(root),
  };
  try {
    await mkdir(workspace.workDir, { mode: 0o700 });
    await mkdir(workspace.privateDir, { mode: 0o700 });
    await mkdir(workspace.tmpDir, { mode: 0o700 });
    if (options.nodeModulesDir !== undefined) {
      await symlink(options.nodeModulesDir, join(workspace.workDir, 'node_modules'), 'dir');
    }
    const files = { ...options.files };
    if (!Object.hasOwn(files, 'package.json')) files['package.json'] = DEFAULT_PACKAGE_JSON;
    for (const [name, content] of Object.entries(files)) {
      await writeRegularFile(workspace.workDir, name, content);
    }
    return workspace;
  } catch (error) {
    await workspace.remove();
    throw error;
  }
}

/**
 * Writes one file below `dir`, creating its folders. Names were validated already (no "..", no
 * absolute paths); this still refuses to pass through anything but a real folder it can see, so a
 * link planted some other way can never redirect a write.
 */
export async function writeRegularFile(dir: string, name: string, content: string): Promise<void> {
  const segments = name.split('/');
  let folder = dir;
  for (const segment of segments.slice(0, -1)) {
    folder = join(folder, segment);
    try {
      await mkdir(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // lstat, not stat: a link to a folder is not a folder here.
    if (!(await lstat(folder)).isDirectory()) {
      throw new WorkspaceError(`Cannot write "${name}": "${segments.slice(0, -1).join('/')}" is not a plain folder.`);
    }
  }
  const handle = await open(join(dir, name), CREATE_NEW_REGULAR_FILE, 0o600);
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
}
