/**
 * The runner's own temp folder (one per server start) and how folders are removed whatever learner
 * code did to them.
 *
 *   <tmp>/brr-runner-XXXXXX/      this server's folder; no other server writes here
 *     owner.json                 {"pid", "startTime"} of the server, so the next start can tell it died
 *     brr-run-XXXXXX/            one folder per run (workspace.ts)
 *
 * A server that was SIGKILLed cannot remove its folder; the next server to start in the same parent
 * removes every `brr-runner-*` folder whose owner process is gone. Anything a run writes next to its
 * own folder (`../../x` from its working directory) is removed when any run ends, so the next run
 * never sees it.
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const SERVER_FOLDER_PREFIX = 'brr-runner-';
export const RUN_FOLDER_PREFIX = 'brr-run-';
const OWNER_FILE = 'owner.json';

/** A filesystem problem caused by what a run left in its folder, not by the runner. */
export class RunFilesError extends Error {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super(`${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.path = path;
  }
}

/** Removes stale folders of dead servers in `parent`, then makes this server's folder with its owner file. */
export function createServerFolder(parent: string, log: (message: string) => void): string {
  removeStaleServerFolders(parent, log);
  const folder = mkdtempSync(join(parent, SERVER_FOLDER_PREFIX));
  writeFileSync(join(folder, OWNER_FILE), `${JSON.stringify({ pid: process.pid, startTime: startTimeOf(process.pid) })}\n`, { mode: 0o600 });
  return folder;
}

export function removeStaleServerFolders(parent: string, log: (message: string) => void): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(SERVER_FOLDER_PREFIX)) continue;
    const folder = join(parent, name);
    let owner: { pid?: unknown; startTime?: unknown };
    try {
      owner = JSON.parse(readFileSync(join(folder, OWNER_FILE), 'utf8')) as typeof owner;
    } catch {
      continue; // not ours to judge: another user's, an older runner's, or one being created right now
    }
    if (typeof owner.pid !== 'number' || isOwnerAlive(owner.pid, owner.startTime)) continue;
    try {
      removeTreeSync(folder);
    } catch (error) {
      log(`runner: could not remove the stale folder ${folder}: ${(error as Error).message}`);
    }
  }
}

/**
 * Removes everything in the server folder that is neither the owner file nor the folder of a run in
 * progress: files a run wrote into its parent folder, and run folders whose removal failed before.
 */
export async function removeStrays(serverFolder: string, activeRoots: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(serverFolder);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(serverFolder, name);
    if (name === OWNER_FILE || activeRoots.has(path)) continue;
    await removeTree(path).catch(() => {});
  }
}

/**
 * rm -rf that also works on folders a program made unwritable or unreadable (chmod 000, 0500): on a
 * permission error it gives the owner back rwx on every folder below `path` (never following links)
 * and tries again. Throws RunFilesError if the tree still cannot go.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true, maxRetries: 2 });
    return;
  } catch (error) {
    if (!isPermissionError(error)) throw new RunFilesError(path, error);
  }
  await restoreFolderAccess(path);
  try {
    await rm(path, { recursive: true, force: true, maxRetries: 2 });
  } catch (error) {
    throw new RunFilesError(path, error);
  }
}

/** The synchronous removeTree, for 'exit' handlers and start-up. */
export function removeTreeSync(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
    return;
  } catch (error) {
    if (!isPermissionError(error)) throw new RunFilesError(path, error);
  }
  restoreFolderAccessSync(path);
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (error) {
    throw new RunFilesError(path, error);
  }
}

async function restoreFolderAccess(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat?.isDirectory()) return;
  await chmod(path, 0o700).catch(() => {});
  const names = await readdir(path).catch(() => [] as string[]);
  for (const name of names) await restoreFolderAccess(join(path, name));
}

function restoreFolderAccessSync(path: string): void {
  try {
    if (!lstatSync(path).isDirectory()) return;
    chmodSync(path, 0o700);
    for (const name of readdirSync(path)) restoreFolderAccessSync(join(path, name));
  } catch {
    // gone already, or not ours; the final rm reports what is left
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'ENOTEMPTY';
}

/** Alive and the same process (not a reused pid): same start time in /proc where there is one. */
function isOwnerAlive(pid: number, startTime: unknown): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTimeOf(pid);
  return now === undefined || typeof startTime !== 'string' || now === startTime;
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3];
  } catch {
    return undefined;
  }
}
