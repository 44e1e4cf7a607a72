/**
 * Proves every graded exercise in sandboxes/ works as an exercise:
 *
 *   1. every sandbox.yaml, package.json and folder layout is valid (src/sandbox/load-sandboxes.ts), and
 *      every package the code imports is declared and installed (src/sandbox/dependency-check.ts);
 *   2. starter, solution, mistakes and tests type-check under the rules Node's type stripping allows
 *      (src/sandbox/type-check.ts, the options in src/sandbox/compiler-options.ts);
 *   3. the solution passes every test, the untouched starter fails at least one, each run stays within
 *      limits.testSeconds, and every plausible wrong solution in mistakes/ (at least MIN_MISTAKES per
 *      exercise) fails at least one test, twice in a row (src/sandbox/grade-proof.ts).
 *
 * `npm run check -- --grade` runs the same proof after the content checks. A run-only demo
 * (`graded: false`) is only type-checked.
 *
 * Usage (from the project root): npx node scripts/check-sandboxes.ts [sandbox-id …] [--root=<dir>] [--no-mistakes] [--jobs=<n>]
 *   --no-mistakes skip grading the mistakes (while working on a solution)
 *   --jobs=<n>    grade up to n mistakes at once (default 2: the runner's runs are whole vitest processes)
 *   --root=<dir>  read <dir>/sandboxes instead of this project's (packages still come from this project)
 */
import { resolve } from 'node:path';
import { formatProblems, hasErrors, type ContentProblem } from '../src/content/problems.ts';
import { checkSandboxDependencies } from '../src/sandbox/dependency-check.ts';
import { MISTAKE_RUNS, proveExercises, type GradeProof } from '../src/sandbox/grade-proof.ts';
import { loadSandboxes } from '../src/sandbox/load-sandboxes.ts';
import { typeCheckSandboxes } from '../src/sandbox/type-check.ts';

const projectRoot = resolve(import.meta.dirname, '..');

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

function printProof(proof: GradeProof): void {
  if (proof.passes.length) {
    const rows = [['sandbox', 'solution', 'starter', 'solution ms', 'starter ms', 'limit s']];
    for (const sandbox of [...new Set(proof.passes.map((result) => result.sandbox))]) {
      const of = (pass: string) => proof.passes.find((result) => result.sandbox === sandbox && result.pass === pass);
      const score = (pass: string) => (of(pass) ? `${of(pass)!.passed}/${of(pass)!.total}` : '-');
      rows.push([sandbox.id, score('solution'), score('starter'), String(of('solution')?.ms ?? '-'), String(of('starter')?.ms ?? '-'), String(sandbox.config.limits.testSeconds)]);
    }
    console.log('');
    printTable(rows);
  }
  if (proof.mistakes.length) {
    console.log(`\nGraded ${proof.mistakes.reduce((sum, row) => sum + row.sandbox.mistakes.length, 0)} mistakes ${MISTAKE_RUNS} times each in ${proof.mistakesMs} ms.\n`);
    printTable([['sandbox', 'mistakes caught', 'slowest ms'], ...proof.mistakes.map((row) => [row.sandbox.id, row.ratio, String(row.slowestMs)])]);
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const withMistakes = !args.includes('--no-mistakes');
  const jobs = Math.max(1, Number(args.find((arg) => arg.startsWith('--jobs='))?.slice('--jobs='.length) ?? 2) || 2);
  const rootOption = args.find((arg) => arg.startsWith('--root='));
  const root = rootOption ? resolve(rootOption.slice('--root='.length)) : projectRoot;
  const wanted = args.filter((arg) => !arg.startsWith('--'));

  const loaded = loadSandboxes(root);
  const unknown = wanted.filter((id) => !loaded.sandboxes.some((sandbox) => sandbox.id === id));
  if (unknown.length) {
    console.error(`There is no sandbox named ${unknown.map((id) => `"${id}"`).join(', ')}. The sandboxes are: ${loaded.sandboxes.map((sandbox) => sandbox.id).join(', ') || 'none yet'}.`);
    return 1;
  }
  const selected = wanted.length ? loaded.sandboxes.filter((sandbox) => wanted.includes(sandbox.id)) : loaded.sandboxes;
  // Checking named sandboxes only reports their own problems, so one can be worked on while others are broken.
  const own = (problem: ContentProblem) => !wanted.length || wanted.some((id) => problem.file === `sandboxes/${id}` || problem.file.startsWith(`sandboxes/${id}/`));
  const problems = [...loaded.problems, ...checkSandboxDependencies(selected, { root, modulesRoot: projectRoot })].filter(own);
  if (hasErrors(problems)) {
    console.log(`${formatProblems(problems)}\n`);
    console.error('The sandboxes above have problems to fix before they can be graded.');
    return 1;
  }
  if (selected.length === 0) {
    console.error('There are no sandboxes to check: add one as sandboxes/<id>/ with sandbox.yaml, starter/, solution/ and tests/.');
    return 1;
  }
  const started = performance.now();
  problems.push(...typeCheckSandboxes(selected, { root, modulesRoot: projectRoot }));
  console.log(`Type-checked starter, solution, mistakes and tests of ${selected.length} sandbox${selected.length === 1 ? '' : 'es'} in ${Math.round(performance.now() - started)} ms.`);
  const proof = await proveExercises(selected, { root, jobs, withMistakes });
  printProof(proof);
  problems.push(...proof.problems);
  if (hasErrors(problems)) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    console.error(`\n${formatProblems(problems)}\n\n${errors.length} ${errors.length === 1 ? 'check failed' : 'checks failed'}.`);
    return 1;
  }
  const graded = selected.filter((sandbox) => sandbox.config.graded);
  const runOnly = selected.length - graded.length;
  if (runOnly) console.log(`\n${runOnly} run-only demo${runOnly === 1 ? '' : 's'} (graded: false) type-check${runOnly === 1 ? 's' : ''}; nothing grades ${runOnly === 1 ? 'it' : 'them'}.`);
  if (graded.length) {
    console.log(`\nAll ${graded.length} graded sandboxes are sound: every solution passes all its tests, every starter${withMistakes ? ' and every mistake' : ''} fails at least one, and every run stays within its time limit.`);
  }
  return 0;
}

process.exitCode = await main();
