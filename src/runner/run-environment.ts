/**
 * The environment and command line of a run's processes.
 */
import { delimiter, dirname } from 'node:path';
import { RUN_TAG_VARIABLE } from './process-tree.ts';
import type { RunnerLimits } from './limits.ts';

/** The descriptor the listen reporter writes port reports to (stdio index 3, after stdin/out/err). */
export const REPORT_FD = 3;

/**
 * The environment of the run: deliberately not the runner's own (which may hold credentials), only
 * what programs need, plus the learner's variables and the runner's bookkeeping.
 */
export function runEnvironment(options: {
  limits: RunnerLimits;
  workDir: string;
  tmpDir: string;
  learnerEnv: Record<string, string> | undefined;
  tag: string;
  /** `--import` specifier loaded into every Node process of the run (preload/all-processes.ts). */
  everyProcessPreloadUrl: string;
  /** Whether the entry process gets the port-report pipe (node programs; not vitest). */
  reportsPorts: boolean;
  /** Wire capture (src/runner/wire-channel.ts): its preload and config variable, for every Node process. */
  wire?: { env: Record<string, string>; importUrl: string };
}): NodeJS.ProcessEnv {
  const nodeOptions = [
    `--max-old-space-size=${options.limits.heapMiB}`,
    '--disable-warning=ExperimentalWarning',
    // Servers of every Node process in the run listen on loopback unless the program names a host.
    `--import=${options.everyProcessPreloadUrl}`,
    ...(options.wire ? [`--import=${options.wire.importUrl}`] : []),
  ];
  // Node 22.18+ strips TypeScript types by default; older 22.x needs the flag.
  if (!(process.features as { typescript?: unknown }).typescript) nodeOptions.push('--experimental-strip-types');
  return {
    // The runner's Node first, so a `node` the program spawns is the same version as the entry's.
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
    HOME: options.workDir,
    TMPDIR: options.tmpDir,
    LANG: process.env.LANG ?? 'C.UTF-8',
    ...options.learnerEnv,
    // NODE_OPTIONS reaches every Node process in the tree, so each one gets the heap limit and the loopback default.
    NODE_OPTIONS: nodeOptions.join(' '),
    [RUN_TAG_VARIABLE]: options.tag,
    // Read by preload/report-listening.ts, which only the Node entry loads.
    ...(options.reportsPorts ? { BRR_REPORT_FD: String(REPORT_FD) } : {}),
    ...options.wire?.env,
  };
}
