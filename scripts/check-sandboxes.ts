/**
 * Proves every graded exercise in sandboxes/ works as an exercise:
 *
 *   1. every sandbox.yaml and folder layout is valid (src/sandbox/load-sandboxes.ts);
 *   2. starter + tests and solution + tests type-check under the rules Node's type stripping allows;
 *   3. the solution (starter with solution/ laid over it) passes every test;
 *   4. the untouched starter fails at least one test, so the exercise has something to do;
 *   5. each test run finishes within the sandbox's limits.testSeconds;
 *   6. every plausible wrong solution in mistakes/ (at least MIN_MISTAKES per exercise) fails at least one
 *      test, twice in a row: the kill ratio per exercise is printed and anything under 100 % fails.
 *
 * A run-only demo (`graded: false`) is only type-checked.
 *
 * Grading goes through the course's own local runner and browser-side runtime, exactly as a learner's
 * "Check my work" does; the type-check runs over folders laid out as the runner lays them out:
 *   <tmp>/<learner files>   <tmp>/tests/<specs>   <tmp>/node_modules -> project node_modules
 *
 * Usage (from the project root): npx node scripts/check-sandboxes.ts [sandbox-id …] [--keep] [--root=<dir>] [--no-mistakes] [--jobs=<n>]
 *   --keep        leave the type-checked temp folders in place and print where they are
 *   --no-mistakes skip grading the mistakes (while working on a solution)
 *   --jobs=<n>    grade up to n mistakes at once (default 2: the runner's runs are whole vitest processes)
 *   --root=<dir>  read <dir>/sandboxes instead of this project's (packages still come from this project)
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatProblems, hasErrors } from '../src/content/problems.ts';
import { WebSocket } from 'ws';
import { startRunnerServer } from '../src/runner/index.ts';
import { islandDataFor } from '../src/sandbox/island-data.ts';
import { loadSandboxes, type Sandbox } from '../src/sandbox/load-sandboxes.ts';
import type { Mistake } from '../src/sandbox/load-mistakes.ts';
import { gradeMistake, inPool, isCaught, killRatio, MIN_MISTAKES, verdictOf } from '../src/sandbox/grade-mistakes.ts';
import { SANDBOX_COMPILER_OPTIONS } from '../src/sandbox/compiler-options.ts';
import { createLocalRuntime } from '../src/sandbox/local-runtime.ts';
import type { SandboxRuntime } from '../src/sandbox/runtime.ts';

const projectRoot = resolve(import.meta.dirname, '..');
const nodeModules = join(projectRoot, 'node_modules');
const tscEntry = join(nodeModules, 'typescript', 'bin', 'tsc');

/** The Origin the runner sees: a course page on the default port. */
const PAGE_ORIGIN = 'http://localhost:4321';
/** Each mistake is graded this often; all runs must catch it, so a verdict that depends on timing shows up. */
const MISTAKE_RUNS = 2;

type Pass = 'solution' | 'starter';

interface RunResult {
  sandbox: Sandbox;
  pass: Pass;
  passed: number;
  total: number;
  /** The runner's verdict: false also for errors outside tests (unhandled rejections, files that fail to load). */
  success: boolean;
  ms: number;
  failures: string[];
  output: string;
}

/** A folder laid out as the runner lays out a run, for the type-check. */
async function prepare(sandbox: Sandbox, pass: Pass, parent: string, mistake?: Mistake): Promise<void> {
  const dir = join(parent, sandbox.id, mistake ? `mistake-${mistake.name}` : pass);
  await mkdir(dir, { recursive: true });
  await cp(join(sandbox.path, 'starter'), dir, { recursive: true });
  if (pass === 'solution') await cp(join(sandbox.path, 'solution'), dir, { recursive: true, force: true });
  if (mistake) for (const path of mistake.files) await cp(join(mistake.path, path), join(dir, path), { force: true });
  // A mistake's folder needs no tests/: they are the solution's, already type-checked there.
  if (sandbox.config.graded && !mistake) await cp(join(sandbox.path, 'tests'), join(dir, 'tests'), { recursive: true });
  await symlink(nodeModules, join(dir, 'node_modules'), 'dir');
  // Node and TypeScript pick ESM or CommonJS from the nearest package.json; the runner writes this one too.
  await writeFile(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n', { flag: 'wx' });
}

function run(command: string, args: string[], cwd: string, limitMs: number): Promise<{ code: number | null; ms: number; output: string }> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < 200_000) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, ms: Math.round(performance.now() - started), output });
    });
  });
}

class PageWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: PAGE_ORIGIN });
  }
}

async function grade(runtime: SandboxRuntime, sandbox: Sandbox, pass: Pass, root: string): Promise<RunResult> {
  const data = islandDataFor(sandbox, '', { root, base: '/' });
  await runtime.mount(pass === 'solution' ? data.solution : data.starter);
  const report = await runtime.test(data.tests);
  return {
    sandbox,
    pass,
    passed: report.passed,
    total: report.total,
    success: report.success,
    ms: report.durationMs,
    failures: report.tests.filter((test) => test.status === 'failed').map((test) => `${test.name}: ${(test.message ?? '').split('\n')[0]}`),
    output: report.output,
  };
}

/** One type-check over every prepared folder: the rules are Node's type stripping (erasableSyntaxOnly) plus strict mode. */
async function typeCheck(parent: string): Promise<{ ok: boolean; ms: number; output: string }> {
  const tsconfig = {
    compilerOptions: { ...SANDBOX_COMPILER_OPTIONS, typeRoots: [join(nodeModules, '@types')] },
    include: ['**/*.ts'],
    exclude: ['**/node_modules'],
  };
  await writeFile(join(parent, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const outcome = await run(process.execPath, [tscEntry, '-p', parent, '--pretty', 'false'], parent, 120_000);
  return { ok: outcome.code === 0, ms: outcome.ms, output: outcome.output.replaceAll(`${parent}/`, '') };
}

function violationsOf(result: RunResult): string[] {
  const { sandbox, pass } = result;
  const limit = sandbox.config.limits.testSeconds;
  const where = `${sandbox.id} (${pass})`;
  const problems: string[] = [];
  if (result.ms > limit * 1000) {
    problems.push(`${where}: the test run took ${result.ms} ms, more than limits.testSeconds (${limit} s). Make the slow tests faster, or raise limits.testSeconds in ${sandbox.file}.`);
  }
  if (result.total === 0) {
    problems.push(`${where}: vitest ran no tests at all. The runner's report:\n${indent(result.output.slice(-3000))}`);
    return problems;
  }
  if (pass === 'solution' && (result.passed !== result.total || !result.success)) {
    const details = result.failures.length ? result.failures.map((failure) => `  - ${failure}`).join('\n') : indent(result.output.slice(-3000));
    problems.push(
      result.passed === result.total
        ? `${where}: the solution passes all ${result.total} tests, but vitest reported errors outside them (an unhandled rejection or exception, or a spec that could not load); a sound solution leaves none:\n${indent(errorsOutsideTests(result.output))}`
        : `${where}: the solution must pass every test, but only ${result.passed} of ${result.total} passed:\n${details}`,
    );
  }
  // Strict on purpose: an error outside the tests is not a task left for the learner, a failing test is.
  if (pass === 'starter' && result.passed === result.total) {
    problems.push(`${where}: the untouched starter passes all ${result.total} tests, so the exercise has nothing left to do. Leave the task's TODOs undone in starter/, or add a test the starter fails.`);
  }
  return problems;
}

/** The part of vitest's console output about unhandled errors, or its tail when there is no such part. */
function errorsOutsideTests(output: string): string {
  if (output.trim() === '') return 'vitest exited with an error although every test passed; run the tests in the sandbox page or with vitest to see the unhandled error.';
  const start = output.search(/Unhandled (Errors?|Rejection)/);
  return (start >= 0 ? output.slice(start) : output.slice(-3000)).slice(0, 3000);
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function printTable(results: readonly RunResult[]): void {
  const rows = [['sandbox', 'solution', 'starter', 'solution ms', 'starter ms', 'limit s']];
  const ids = [...new Set(results.map((result) => result.sandbox.id))];
  for (const id of ids) {
    const solution = results.find((result) => result.sandbox.id === id && result.pass === 'solution');
    const starter = results.find((result) => result.sandbox.id === id && result.pass === 'starter');
    const score = (result: RunResult | undefined): string => (result ? `${result.passed}/${result.total}` : '-');
    rows.push([id, score(solution), score(starter), String(solution?.ms ?? '-'), String(starter?.ms ?? '-'), String(solution?.sandbox.config.limits.testSeconds ?? '-')]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

/**
 * Grades every mistake MISTAKE_RUNS times on the pool's runtimes, prints the kill ratio per exercise and
 * returns a violation for each exercise under 100 % or with fewer than MIN_MISTAKES mistakes.
 */
async function checkMistakes(sandboxes: readonly Sandbox[], pool: readonly SandboxRuntime[], root: string): Promise<string[]> {
  const jobs = sandboxes.flatMap((sandbox) => sandbox.mistakes.flatMap((mistake) => Array.from({ length: MISTAKE_RUNS }, () => ({ sandbox, mistake }))));
  const started = performance.now();
  const runs = await inPool(jobs, pool, async ({ sandbox, mistake }, runtime) => ({ sandbox, mistake, report: await gradeMistake(runtime, sandbox, mistake, root) }));
  console.log(`\nGraded ${jobs.length / MISTAKE_RUNS} mistakes ${MISTAKE_RUNS} times each (${pool.length} at a time) in ${Math.round(performance.now() - started)} ms.\n`);
  const violations: string[] = [];
  const rows = [['sandbox', 'mistakes caught', 'slowest ms']];
  for (const sandbox of sandboxes) {
    const own = runs.filter((run) => run.sandbox === sandbox);
    const escaped = sandbox.mistakes.filter((mistake) => own.some((run) => run.mistake === mistake && !isCaught(run.report)));
    const ratio = killRatio(sandbox.mistakes.length - escaped.length, sandbox.mistakes.length);
    rows.push([sandbox.id, ratio.text, String(Math.max(0, ...own.map((run) => run.report.durationMs)))]);
    if (sandbox.mistakes.length < MIN_MISTAKES) {
      violations.push(
        `${sandbox.id}: it keeps ${sandbox.mistakes.length} plausible wrong solution${sandbox.mistakes.length === 1 ? '' : 's'}, but a grader is proven by at least ${MIN_MISTAKES}. Add sandboxes/${sandbox.id}/mistakes/<kebab-name>/mistake.yaml (description: the mistake as a learner makes it) with the wrong files beside it.`,
      );
    }
    for (const mistake of escaped) {
      const runsOf = own.filter((run) => run.mistake === mistake && !isCaught(run.report));
      const passes = runsOf.filter((run) => verdictOf(run.report) === 'escaped').length;
      if (passes > 0) {
        violations.push(
          `${sandbox.id}: the mistake "${mistake.name}" (${mistake.description}) passed every test in ${passes} of ${MISTAKE_RUNS} runs, so a learner who makes it is told the exercise is done. Add a test that fails on it with a message that teaches the fix (${mistake.file}).`,
        );
      } else {
        violations.push(
          `${sandbox.id}: the mistake "${mistake.name}" could not be graded: its run did not complete (${runsOf[0]!.report.passed} of ${runsOf[0]!.report.total} tests passed, none failed). The runner's report:\n${indent(runsOf[0]!.report.output.slice(-1500))}`,
        );
      }
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
  return violations;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const keep = args.includes('--keep');
  const withMistakes = !args.includes('--no-mistakes');
  const jobs = Math.max(1, Number(args.find((arg) => arg.startsWith('--jobs='))?.slice('--jobs='.length) ?? 2) || 2);
  const rootOption = args.find((arg) => arg.startsWith('--root='));
  const root = rootOption ? resolve(rootOption.slice('--root='.length)) : projectRoot;
  const wanted = args.filter((arg) => !arg.startsWith('--'));

  const loaded = loadSandboxes(root);
  // Checking named sandboxes only reports their own problems, so one can be worked on while others are broken.
  const problems = wanted.length
    ? loaded.problems.filter((problem) => wanted.some((id) => problem.file === `sandboxes/${id}` || problem.file.startsWith(`sandboxes/${id}/`)))
    : loaded.problems;
  if (problems.length) console.log(`${formatProblems(problems)}\n`);
  if (hasErrors(problems)) {
    console.error('The sandboxes above have problems to fix before they can be graded.');
    return 1;
  }
  const sandboxes = loaded.sandboxes;
  const unknown = wanted.filter((id) => !sandboxes.some((sandbox) => sandbox.id === id));
  if (unknown.length) {
    console.error(`There is no sandbox named ${unknown.map((id) => `"${id}"`).join(', ')}. The sandboxes are: ${sandboxes.map((sandbox) => sandbox.id).join(', ') || 'none yet'}.`);
    return 1;
  }
  const selected = wanted.length ? sandboxes.filter((sandbox) => wanted.includes(sandbox.id)) : sandboxes;
  if (selected.length === 0) {
    console.error('There are no sandboxes to check: add one as sandboxes/<id>/ with sandbox.yaml, starter/, solution/ and tests/.');
    return 1;
  }

  const parent = await mkdtemp(join(tmpdir(), 'brr-sandbox-check-'));
  const server = await startRunnerServer({ allowedOrigins: [PAGE_ORIGIN], log: () => {} });
  const newRuntime = (): SandboxRuntime => createLocalRuntime({ url: `ws://127.0.0.1:${server.port}/__runner`, token: server.runner.token, WebSocketImpl: PageWebSocket });
  const runtime = newRuntime();
  const pool = [runtime, ...Array.from({ length: jobs - 1 }, newRuntime)];
  const graded = selected.filter((sandbox) => sandbox.config.graded);
  try {
    for (const sandbox of selected) {
      for (const pass of sandbox.config.graded ? (['solution', 'starter'] as const) : (['starter'] as const)) await prepare(sandbox, pass, parent);
      if (withMistakes) for (const mistake of sandbox.mistakes) await prepare(sandbox, 'solution', parent, mistake);
    }
    const violations: string[] = [];
    const types = await typeCheck(parent);
    console.log(`Type-checked starter, solution, mistakes and tests of ${selected.length} sandbox${selected.length === 1 ? '' : 'es'} in ${types.ms} ms.`);
    if (!types.ok) violations.push(`The code does not type-check (strict mode, only syntax Node's type stripping can run):\n${indent(types.output)}`);

    const results: RunResult[] = [];
    for (const sandbox of graded) {
      for (const pass of ['solution', 'starter'] as const) {
        const result = await grade(runtime, sandbox, pass, root);
        results.push(result);
        violations.push(...violationsOf(result));
      }
    }
    if (results.length) {
      console.log('');
      printTable(results);
    }
    if (withMistakes && graded.length) violations.push(...(await checkMistakes(graded, pool, root)));
    if (keep) console.log(`\nThe type-checked folders are kept in ${parent}.`);
    if (violations.length) {
      console.error(`\n${violations.length} ${violations.length === 1 ? 'check failed' : 'checks failed'}:\n\n${violations.join('\n\n')}`);
      return 1;
    }
    const runOnly = selected.length - graded.length;
    if (runOnly) console.log(`\n${runOnly} run-only demo${runOnly === 1 ? '' : 's'} (graded: false) type-check${runOnly === 1 ? 's' : ''}; nothing grades ${runOnly === 1 ? 'it' : 'them'}.`);
    if (graded.length) console.log(
      `\nAll ${graded.length} graded sandboxes are sound: every solution passes all its tests, every starter${withMistakes ? ' and every mistake' : ''} fails at least one, and every run stays within its time limit.`,
    );
    return 0;
  } finally {
    for (const member of pool) await member.teardown();
    await server.close();
    if (!keep) await rm(parent, { recursive: true, force: true });
  }
}

process.exitCode = await main();
