/**
 * How a run's processes are kept together so that nothing a program starts outlives the run.
 *
 * Linux with util-linux: each run gets its own PID namespace (`unshare --pid --fork --kill-child
 * --mount-proc`), plus a user namespace when the runner is not root. A small `sh` is the namespace's
 * init (pid 1); the kernel kills every process in a namespace when its init dies, so a double fork
 * (`setsid`, `env -i`, `nohup … &`) cannot escape: killing the run's `unshare` kills its init through
 * --kill-child, and the init takes everything else along. The namespace also gets a private mount
 * namespace with a tmpfs on /dev/shm sized by limits.shmBytes, so shared memory is bounded and gone
 * with the run. `setpriv --pdeathsig KILL` makes the kernel kill the run when the runner itself dies,
 * even by SIGKILL, which no JavaScript handler can see.
 *
 * Everywhere else (macOS, Windows, Linux without unshare or without namespace permission) runs are
 * 'process-tree' contained: a process group plus /proc bookkeeping (process-tree.ts), which a quick
 * enough double fork that also clears its environment can escape. The README says so.
 *
 * The mode is found once, at start-up, by trying it: permissions (containers, AppArmor, sysctls such
 * as kernel.unprivileged_userns_clone) decide more than the kernel version does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants as osConstants } from 'node:os';

export type ContainmentMode = 'pid-namespace' | 'user-pid-namespace' | 'process-tree';

export interface Containment {
  mode: ContainmentMode;
  /** One sentence for the start-up line: which containment is in force and what that means. */
  description: string;
  /** Processes the wrapper adds to every run (unshare and the namespace's init), not counted against maxProcesses. */
  wrapperProcesses: number;
  /** Whether /dev/shm is a private tmpfs of the run (bounded, gone with the run). */
  privateShm: boolean;
  /** The command that runs `command args` contained, with the CPU-time backstop and the /dev/shm size. */
  wrap(command: string, args: string[], limits: { cpuSeconds: number; shmBytes: number }): [string, string[]];
}

const SHELL = '/bin/sh';
const SETPRIV = findTool('setpriv');
const UNSHARE = findTool('unshare');

/**
 * The namespace's init. It mounts the private /dev/shm, sets RLIMIT_CPU (Node cannot call setrlimit),
 * runs the program as its only foreground child (so stdin stays the program's) and waits: as pid 1 it
 * also reaps orphans. Not `exec`: Node as pid 1 would ignore default-action signals, abort() included.
 */
const INIT_SCRIPT =
  'if [ "$2" != 0 ]; then mount -t tmpfs -o "size=$2,mode=1777,nosuid,nodev" brr-shm /dev/shm || exit 125; fi; ' +
  'ulimit -t "$1" || exit 126; shift 2; "$@"; exit $?';
/** Outside a namespace the shell only sets the limit and replaces itself with the program (same pid and group). */
const EXEC_SCRIPT = 'ulimit -t "$1" || exit 126; shift 2; exec "$@"';

const NAMESPACE_FLAGS = ['--pid', '--fork', '--kill-child', '--mount-proc'];
const USER_NAMESPACE_FLAGS = ['--user', '--map-root-user', ...NAMESPACE_FLAGS];

export function detectContainment(request: 'auto' | 'process-tree' = 'auto'): Containment {
  if (request === 'auto' && process.platform === 'linux' && UNSHARE && SETPRIV && existsSync(SHELL)) {
    const root = process.getuid?.() === 0;
    const candidates: Array<[ContainmentMode, string[]]> = root
      ? [['pid-namespace', NAMESPACE_FLAGS], ['user-pid-namespace', USER_NAMESPACE_FLAGS]]
      : [['user-pid-namespace', USER_NAMESPACE_FLAGS]];
    for (const [mode, flags] of candidates) {
      for (const privateShm of [true, false]) {
        if (works(flags, privateShm)) return namespaced(mode, flags, privateShm);
      }
    }
  }
  return processTree();
}

function namespaced(mode: ContainmentMode, flags: string[], privateShm: boolean): Containment {
  return {
    mode,
    description:
      `each run in its own PID namespace (${mode === 'user-pid-namespace' ? 'inside a user namespace, ' : ''}unshare ${flags.join(' ')}), ` +
      `${privateShm ? 'with a private, size-limited /dev/shm' : 'sharing /dev/shm (its files are removed after the run)'}; ` +
      'no process of a run outlives it',
    wrapperProcesses: 2,
    privateShm,
    wrap: (command, args, limits) => [
      SETPRIV!,
      [
        '--pdeathsig', 'KILL', '--', UNSHARE!, ...flags, '--',
        SHELL, '-c', INIT_SCRIPT, 'brr-run', String(limits.cpuSeconds), privateShm ? String(limits.shmBytes) : '0',
        command, ...args,
      ],
    ],
  };
}

function processTree(): Containment {
  const hasShell = existsSync(SHELL);
  return {
    mode: 'process-tree',
    description:
      'process-group and /proc tracking only (no PID namespace available): a double fork that also clears its environment ' +
      'between two watchdog ticks can outlive its run',
    wrapperProcesses: 0,
    privateShm: false,
    wrap(command, args, limits) {
      if (!hasShell) return [command, args];
      const shell: [string, string[]] = [SHELL, ['-c', EXEC_SCRIPT, 'brr-run', String(limits.cpuSeconds), '0', command, ...args]];
      // Even without namespaces, the kernel kills the entry process when the runner dies.
      return SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', shell[0], ...shell[1]]] : shell;
    },
  };
}

/** Tries the namespace once with a trivial program; any failure (missing permission, seccomp, old util-linux) means no. */
function works(flags: string[], privateShm: boolean): boolean {
  const probe = spawnSync(
    SETPRIV!,
    ['--pdeathsig', 'KILL', '--', UNSHARE!, ...flags, '--', SHELL, '-c', INIT_SCRIPT, 'brr-probe', '5', privateShm ? '1048576' : '0', SHELL, '-c', 'test "$$" -le 3 && test -r /proc/1/stat && echo contained'],
    { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return probe.status === 0 && probe.stdout.trim() === 'contained';
}

function findTool(name: string): string | undefined {
  for (const folder of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    const path = `${folder}/${name}`;
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * The namespace's init shell exits with 128 + n when the program died of signal n; report the signal,
 * as it would be without the wrapper.
 */
export function unwrapShellStatus(code: number | null, signal: NodeJS.Signals | null): { code: number | null; signal: NodeJS.Signals | null } {
  if (code === null || code <= 128 || code >= 128 + 65) return { code, signal };
  const name = Object.entries(osConstants.signals).find(([, number]) => number === code - 128)?.[0];
  return name ? { code: null, signal: name as NodeJS.Signals } : { code, signal };
}
