/**
 * `npm run new:lesson`: creates a lesson, its quiz and optionally a sandbox, wired together.
 * Asks for what is missing; flags make it non-interactive:
 *   npm run new:lesson -- --phase foundations --title "Server timing" [--slug server-timing] [--sandbox] [--phase-title "…"] [--lang ja]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { planLesson, ScaffoldError, slugify } from '../src/authoring/scaffold.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    phase: { type: 'string' },
    title: { type: 'string' },
    slug: { type: 'string' },
    sandbox: { type: 'boolean' },
    'phase-title': { type: 'string' },
    lang: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('Usage: npm run new:lesson -- --phase <folder|slug|number> --title "<title>" [--slug <id>] [--sandbox] [--phase-title "<title>"] [--lang <tag>]\n  --lang  the language the lesson is written in, when it is not the course language (e.g. ja); a new phase gets it too');
  process.exit(0);
}

async function ask(): Promise<typeof values> {
  if (values.phase && values.title) return values;
  if (!process.stdin.isTTY) {
    console.error('new:lesson needs --phase and --title when it cannot ask (no terminal). Example:\n  npm run new:lesson -- --phase foundations --title "Server timing"');
    process.exit(2);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const phase = values.phase ?? (await rl.question('Phase (folder, slug or number, e.g. "foundations" or "1"; a new "08-name" creates a phase): '));
  const title = values.title ?? (await rl.question('Lesson title: '));
  // A non-Latin title has no useful default slug, so the prompt offers none and planLesson explains why.
  const suggested = slugify(title);
  const slug = values.slug ?? ((await rl.question(suggested ? `Slug (ASCII, for the URL) [${suggested}]: ` : 'Slug (ASCII letters, digits and hyphens, for the URL): ')) || undefined);
  const sandbox = values.sandbox ?? /^y/i.test(await rl.question('Add a sandbox with a graded exercise? [y/N] '));
  rl.close();
  return { ...values, phase, title, slug, sandbox };
}

const answers = await ask();
try {
  const plan = planLesson(root, { phase: answers.phase ?? '', title: answers.title ?? '', slug: answers.slug, sandbox: answers.sandbox, phaseTitle: answers['phase-title'], lang: answers.lang });
  for (const file of plan.files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content, { flag: 'wx' }); // wx: never overwrite, even in a race
  }
  console.log(`Created:\n${plan.files.map((f) => `  ${f.path}`).join('\n')}\n`);
  for (const note of plan.notes) console.log(`Note: ${note}\n`);
  console.log('Next:');
  console.log(`  1. Replace every TODO (the lesson, the quiz${answers.sandbox ? ' and the sandbox' : ''}), then delete \`draft: true\` from the lesson.`);
  console.log(`  2. npm run dev, then open ${plan.lessonUrl} on the URL it prints (http://localhost:4321 unless you pass --port)`);
  console.log('  3. npm run check — it lists anything still wrong, with file, line and fix.');
} catch (error) {
  if (error instanceof ScaffoldError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
