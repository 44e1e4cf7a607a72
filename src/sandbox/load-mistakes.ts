/**
 * Reads the plausible wrong solutions kept beside a graded exercise and reports every authoring mistake
 * in them with file, line, what is wrong and how to fix it (the project's one problem shape):
 *
 *   sandboxes/<id>/mistakes/<name>/mistake.yaml   description: the mistake, as a learner makes it
 *   sandboxes/<id>/mistakes/<name>/<files>        whole files laid over solution/ (same relative paths)
 *
 * A grader is proven by the wrong solutions it rejects: npm run check:sandboxes and npm test grade every
 * mistake and require at least one failing test (scripts/check-sandboxes.ts, src/sandbox/grade-mistakes.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ContentProblem } from '../content/problems.ts';
import { validateYaml } from '../content/validate-yaml.ts';
import type { FieldHelp } from '../content/zod-problems.ts';
import { mistakeConfigSchema, SANDBOX_ID_PATTERN } from './schema.ts';

export interface Mistake {
  /** The folder name, e.g. `resumes-one-late`. */
  name: string;
  /** Absolute path of the mistake's folder. */
  path: string;
  /** Project-relative path of its mistake.yaml, for messages. */
  file: string;
  /** The mistake as a learner makes it. */
  description: string;
  /** The files laid over solution/, relative paths, sorted; every one is a starter file. */
  files: string[];
}

const MISTAKE_YAML = 'mistake.yaml';
const MISTAKE_HELP: Record<string, FieldHelp> = {
  description: { example: 'description: Resumes the stream one item late, sending events after the cursor + 1.' },
};

function rel(root: string, path: string): string {
  return relative(root, path).split('\\').join('/');
}

/** Regular files below `dir`, relative, sorted; dot-files are editor litter and never part of a mistake. */
function filesBelow(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...filesBelow(join(dir, entry.name), path));
    else if (entry.isFile()) found.push(path);
  }
  return found.sort();
}

/** The text a path has in the finished exercise: solution/ when it has the file, starter/ otherwise. */
function solutionText(sandboxDir: string, path: string): Buffer | undefined {
  for (const folder of ['solution', 'starter']) {
    const file = join(sandboxDir, folder, path);
    if (existsSync(file)) return readFileSync(file);
  }
  return undefined;
}

function loadMistake(root: string, sandboxDir: string, name: string, starter: ReadonlySet<string>, problems: ContentProblem[]): Mistake | undefined {
  const dir = join(sandboxDir, 'mistakes', name);
  const yamlPath = join(dir, MISTAKE_YAML);
  const file = rel(root, yamlPath);
  const errorsBefore = problems.length;
  let description: string | undefined;
  if (!existsSync(yamlPath)) {
    problems.push({
      severity: 'error',
      file: `${rel(root, dir)}/`,
      message: `This mistake folder has no ${MISTAKE_YAML}, so nobody can tell which wrong solution it stands for.`,
      fix: `Create ${file} with one field, the mistake as a learner makes it:\n    ${MISTAKE_HELP.description!.example}`,
    });
  } else {
    description = validateYaml({ text: readFileSync(yamlPath, 'utf8'), file, schema: mistakeConfigSchema, help: MISTAKE_HELP }, problems)?.data.description;
  }
  const overlay = filesBelow(dir).filter((path) => path !== MISTAKE_YAML);
  if (overlay.length === 0) {
    problems.push({
      severity: 'error',
      file: `${rel(root, dir)}/`,
      message: 'The mistake has no files besides mistake.yaml, so it is the solution itself and cannot fail a test.',
      fix: `Copy the solution file the mistake changes into ${rel(root, dir)}/ (same relative path as in solution/) and make the mistake in it.`,
    });
  }
  for (const path of overlay) {
    const overlayFile = rel(root, join(dir, path));
    if (!starter.has(path)) {
      problems.push({
        severity: 'error',
        file: overlayFile,
        message: `The mistake's file "${path}" is not a starter file, so it replaces nothing a learner writes (learners edit only starter files; tests/ is never theirs).`,
        fix: `Name it after the starter file it replaces (${[...starter].slice(0, 4).join(', ')}${starter.size > 4 ? ', …' : ''}), keeping its relative path.`,
      });
    } else if (solutionText(sandboxDir, path)?.equals(readFileSync(join(dir, path)))) {
      problems.push({
        severity: 'error',
        file: overlayFile,
        message: `The file is identical to the solution's ${path}, so it adds no mistake.`,
        fix: `Delete ${overlayFile}, or make the mistake in it.`,
      });
    }
  }
  if (problems.length > errorsBefore || description === undefined) return undefined;
  return { name, path: dir, file, description, files: overlay };
}

/** The mistakes of the sandbox in `sandboxDir`, sorted by name; a sandbox without mistakes/ has none. */
export function loadMistakes(root: string, sandboxDir: string, starterFiles: readonly string[], problems: ContentProblem[]): Mistake[] {
  const mistakesDir = join(sandboxDir, 'mistakes');
  if (!existsSync(mistakesDir)) return [];
  if (!statSync(mistakesDir).isDirectory()) {
    problems.push({
      severity: 'error',
      file: rel(root, mistakesDir),
      message: 'mistakes is a file, but it must be a folder holding one folder per wrong solution.',
      fix: `Delete ${rel(root, mistakesDir)} and create ${rel(root, mistakesDir)}/<kebab-name>/mistake.yaml with the files of the mistake beside it.`,
    });
    return [];
  }
  const starter = new Set(starterFiles);
  const mistakes: Mistake[] = [];
  for (const entry of readdirSync(mistakesDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const where = rel(root, join(mistakesDir, entry.name));
    if (!entry.isDirectory()) {
      problems.push({
        severity: 'error',
        file: where,
        message: 'Files directly inside mistakes/ belong to no mistake, so nothing grades them.',
        fix: `Move the file into a mistake folder such as ${rel(root, mistakesDir)}/forgets-the-cursor/ beside its mistake.yaml, or delete it.`,
      });
      continue;
    }
    if (!SANDBOX_ID_PATTERN.test(entry.name)) {
      problems.push({
        severity: 'error',
        file: `${where}/`,
        message: `The folder name "${entry.name}" is not kebab-case, and reports name mistakes by their folder.`,
        fix: 'Rename the folder with lower-case letters, digits and single hyphens that say what goes wrong, like `resumes-one-late`.',
      });
      continue;
    }
    const mistake = loadMistake(root, sandboxDir, entry.name, starter, problems);
    if (mistake) mistakes.push(mistake);
  }
  return mistakes;
}

/** The learner's files with the mistake in them: the solution tree with the mistake's files laid over it. */
export function mistakeTree(solution: Readonly<Record<string, string>>, mistake: Mistake): Record<string, string> {
  const tree = { ...solution };
  for (const path of mistake.files) tree[path] = readFileSync(join(mistake.path, path), 'utf8');
  return tree;
}
