/**
 * `npm run check`: validates all course content without building the site and reports every problem at
 * once as `file:line`, what is wrong and how to fix it. Exits 1 on errors (warnings alone pass).
 * Sandboxes' code is type-checked and their packages checked; `npm run check -- --grade` also grades
 * every exercise (solution passes, starter fails, every kept mistake caught). `--strict` (implied in CI, where
 * `CI` is set) makes translation lag an error: stale translations, untranslated lessons, new test messages. Diagrams are parsed with Mermaid's own parser in Chromium; without a browser that step is skipped with
 * a warning.
 */
import { fileURLToPath } from 'node:url';
import { checkAll } from '../src/content/check-all.ts';
import { formatProblem } from '../src/content/problems.ts';
import { proveExercises } from '../src/sandbox/grade-proof.ts';
import { loadSandboxes } from '../src/sandbox/load-sandboxes.ts';
import { findChromium, HOW_TO_INSTALL_CHROMIUM } from '../src/lib/chromium.ts';
import { closeMermaidRenderer, parseMermaid } from '../src/integrations/mermaid/index.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const started = performance.now();
const canParseDiagrams = Boolean(findChromium());

const strict = process.argv.includes('--strict') || Boolean(process.env.CI);
const { problems, counts } = await checkAll({
  root,
  strict,
  // The type-check remembers unchanged sandboxes here (src/sandbox/type-check-cache.ts).
  sandboxCode: { modulesRoot: root, cacheFile: `${root}node_modules/.cache/course-check/sandbox-types.json` },
  parseDiagram: canParseDiagrams
    ? async (source) => {
        const result = await parseMermaid(source);
        return result.valid ? undefined : { message: result.message, line: result.line };
      }
    : undefined,
});
await closeMermaidRenderer();

// --grade: also prove every exercise through the local runner (solution passes, starter fails, every
// mistake caught), as npm run check:sandboxes does, once the content itself has no errors.
if (process.argv.includes('--grade')) {
  if (problems.some((p) => p.severity === 'error')) {
    console.log('Grading skipped: fix the errors below first (a sandbox that does not load or type-check cannot be graded).\n');
  } else {
    const { sandboxes } = loadSandboxes(root);
    console.log(`Grading ${sandboxes.filter((s) => s.config.graded).length} exercises and their mistakes through the local runner…`);
    problems.push(...(await proveExercises(sandboxes, { root })).problems);
  }
}

const errors = problems.filter((p) => p.severity === 'error');
const warnings = problems.filter((p) => p.severity === 'warning');
for (const problem of [...errors, ...warnings]) console.log(`${formatProblem(problem)}\n`);
if (!canParseDiagrams) console.log(`Warning: diagrams were not parsed because no Chromium was found. ${HOW_TO_INSTALL_CHROMIUM}\n`);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `Checked ${counts.lessons} lessons, ${counts.quizzes} quizzes, ${counts.sandboxes} sandboxes and ${counts.diagrams} diagrams in ${seconds} s: ` +
    `${errors.length} ${errors.length === 1 ? 'error' : 'errors'}, ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}.`,
);
process.exit(errors.length ? 1 : 0);
