/**
 * The kernel-enforced backstop behind the runner's own limits.
 */
import { existsSync } from 'node:fs';

/**
 * A CPU-time limit (setrlimit RLIMIT_CPU) the kernel enforces on every process of the run, even if
 * the runner itself dies without cleaning up: a runaway loop then still ends. It is a backstop, not
 * the limit: twice the wall time (GC and worker threads count too) plus a second, so the runner's
 * wall-time kill always comes first while the runner is alive.
 */
export function cpuSecondsFor(wallTimeMs: number): number {
  return Math.ceil((2 * wallTimeMs) / 1000) + 1;
}

const SHELL = '/bin/sh';
const HAS_SHELL = existsSync(SHELL);

/**
 * Node cannot call setrlimit, so a POSIX shell sets the limit and then `exec`s Node in its place:
 * same pid, same process group, nothing left between the runner and the entry process.
 */
export function withCpuLimit(cpuSeconds: number, command: string, args: string[]): [string, string[]] {
  if (!HAS_SHELL) return [command, args];
  return [SHELL, ['-c', 'ulimit -t "$1" || exit 126; shift; exec "$@"', 'brr-run', String(cpuSeconds), command, ...args]];
}
