/**
 * Reads the graded exercises in `sandboxes/<id>/` (format: the authoring guide, src/pages/authoring.mdx) and reports every
 * authoring mistake at once: an invalid sandbox.yaml, an entry or tab that names no starter file, a
 * missing or empty tests folder, and a solution that is missing or changes nothing.
 *
 *   sandboxes/<id>/sandbox.yaml   title, description, entry, tabs, limits
 *   sandboxes/<id>/starter/       every file the learner starts from
 *   sandboxes/<id>/solution/      only the files that differ from starter/ (overlaid on it)
 *   sandboxes/<id>/tests/         vitest specs (*.test.ts) that grade behaviour
 *   sandboxes/<id>/mistakes/      plausible wrong solutions the tests must reject (load-mistakes.ts)
 *
 * A run-only demo (`graded: false`) has only sandbox.yaml and starter/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ContentProblem } from '../content/problems.ts';
import { validateYaml } from '../content/validate-yaml.ts';
import type { LineLocator } from '../content/yaml-lines.ts';
import type { FieldHelp } from '../content/zod-problems.ts';
import { loadMistakes, type Mistake } from './load-mistakes.ts';
import { readSandboxPackages, type SandboxPackage } from './sandbox-package-json.ts';
import {
  SANDBOX_ID_PATTERN,
  sandboxConfigSchema,
  sandboxFileSchema,
  sandboxLimitsSchema,
  sandboxPreviewSchema,
  type SandboxConfig,
  type SandboxFile,
} from './schema.ts';

export interface Sandbox {
  /** The folder name, e.g. `polling-etag`; lessons refer to it as `sandbox: polling-etag`. */
  id: string;
  /** Absolute path of the sandbox folder. */
  path: string;
  /** Project-relative path of its sandbox.yaml, for messages. */
  file: string;
  config: SandboxConfig;
  /** Paths inside starter/, sorted, with forward slashes. */
  starterFiles: string[];
  /** Paths inside solution/, sorted; every one also exists in starter/. */
  solutionFiles: string[];
  /** Paths inside tests/, sorted; the specs are the `*.test.ts` ones, the rest are helpers they import. */
  testFiles: string[];
  /** The editor's tabs: `files` from sandbox.yaml, or every starter file (editable) when it has none. */
  tabs: SandboxFile[];
  /** Plausible wrong solutions that must each fail at least one test, sorted by name (none for a run-only demo). */
  mistakes: Mistake[];
  /**
   * The packages pinned in sandboxes/<id>/package.json. Its "dependencies" are also in config.dependencies
   * (with any names sandbox.yaml lists), so the runner, the editor and WebContainers see one list.
   */
  packages: SandboxPackage[];
}

export interface LoadedSandboxes {
  /** The sandboxes without errors, sorted by id. */
  sandboxes: Sandbox[];
  problems: ContentProblem[];
}

export const SPEC_FILE_PATTERN = /\.test\.ts$/;

const SANDBOX_HELP: Record<string, FieldHelp> = {
  title: { example: 'title: Conditional polling with ETag' },
  description: { example: 'description: Answer 304 when the ETag matches, and make the poller back off on errors.' },
  entry: { example: 'entry: main.ts' },
  files: { example: 'files: [{ path: poller.ts }, { path: main.ts, readOnly: true }]' },
  preview: { example: 'preview: { port: 3000, path: / }' },
  limits: { example: 'limits: { runSeconds: 20, testSeconds: 30 }' },
  webcontainer: { example: 'webcontainer: false' },
  graded: { example: 'graded: false' },
  dependencies: { example: 'dependencies: [ws]' },
};

/** The fields allowed inside each nested object, keyed by the top-level field that holds it. */
const NESTED_FIELDS: Record<string, readonly string[]> = {
  files: Object.keys(sandboxFileSchema.shape),
  preview: Object.keys(sandboxPreviewSchema.shape),
  limits: Object.keys(sandboxLimitsSchema.shape),
};

function rel(root: string, path: string): string {
  return relative(root, path).split('\\').join('/');
}

/**
 * Every regular file below `dir` as a relative path with forward slashes, sorted. Dot-files (editor and
 * OS litter such as .DS_Store) and node_modules are skipped: the runner links the project's packages
 * in, and neither is ever part of an exercise.
 */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(current, entry.name), path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(dir, '');
  return files.sort();
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Reads and validates sandbox.yaml; returns the config and where its fields are, or undefined after reporting. */
function readConfig(root: string, dir: string, problems: ContentProblem[]): { config: SandboxConfig; lines: LineLocator } | undefined {
  const path = join(dir, 'sandbox.yaml');
  const file = rel(root, path);
  if (!existsSync(path)) {
    problems.push({
      severity: 'error',
      file: rel(root, dir),
      message: 'This sandbox folder has no sandbox.yaml, so it has no title, description or entry file.',
      fix: `Create ${file} with at least these fields:\n    title: Conditional polling with ETag\n    description: Answer 304 when the ETag matches, and make the poller back off on errors.\n    entry: main.ts`,
    });
    return undefined;
  }
  const valid = validateYaml({ text: readFileSync(path, 'utf8'), file, schema: sandboxConfigSchema, help: SANDBOX_HELP, nestedFields: NESTED_FIELDS }, problems);
  return valid && { config: valid.data, lines: valid.lines };
}

/** The folder's files, or undefined (after reporting) when it is missing or has none. */
function readFolder(root: string, dir: string, name: string, purpose: string, problems: ContentProblem[]): string[] | undefined {
  const path = join(dir, name);
  const file = `${rel(root, path)}/`;
  if (!isDirectory(path)) {
    problems.push({ severity: 'error', file, message: `The sandbox has no ${name}/ folder, which ${purpose}.`, fix: `Create ${file} and put the files in it.` });
    return undefined;
  }
  const files = listFiles(path);
  if (files.length === 0) {
    problems.push({ severity: 'error', file, message: `The ${name}/ folder is empty, but it ${purpose}.`, fix: `Put the files in ${file}.` });
    return undefined;
  }
  return files;
}

function checkConfigAgainstStarter(root: string, dir: string, config: SandboxConfig, lines: LineLocator, starter: readonly string[], problems: ContentProblem[]): void {
  const file = rel(root, join(dir, 'sandbox.yaml'));
  const starterDir = `${rel(root, join(dir, 'starter'))}/`;
  const known = new Set(starter);
  const someFiles = starter.slice(0, 4).map((name) => `"${name}"`).join(', ');
  if (!known.has(config.entry)) {
    problems.push({
      severity: 'error',
      file,
      line: lines(['entry']),
      field: 'entry',
      message: `The entry "${config.entry}" is not a file in ${starterDir}, so Run would have nothing to execute.`,
      fix: `Add ${starterDir}${config.entry}, or point entry at one of the starter files: ${someFiles}.`,
    });
  }
  if (!config.files) return;
  config.files.forEach((tab, index) => {
    if (known.has(tab.path)) return;
    problems.push({
      severity: 'error',
      file,
      line: lines(['files', String(index), 'path']),
      field: `files.${index}.path`,
      message: `The file "${tab.path}" is listed as a tab, but there is no ${starterDir}${tab.path}.`,
      fix: `Fix the path (the starter files are ${someFiles}${starter.length > 4 ? ', …' : ''}), or add the file to ${starterDir}.`,
    });
  });
  const listed = new Set(config.files.map((tab) => tab.path));
  for (const name of starter) {
    if (listed.has(name)) continue;
    problems.push({
      severity: 'warning',
      file,
      line: lines(['files']),
      field: 'files',
      message: `${starterDir}${name} is not listed in files, so learners will not see it (it still runs).`,
      fix: `Add \`- path: ${name}\` to files (with \`readOnly: true\` if learners should not change it), or remove the file if nothing needs it.`,
    });
  }
}

function checkSolution(root: string, dir: string, starter: readonly string[], problems: ContentProblem[]): string[] | undefined {
  const solution = readFolder(root, dir, 'solution', 'holds the files that solve the exercise (only those that differ from starter/)', problems);
  if (!solution) return undefined;
  const known = new Set(starter);
  let valid = true;
  for (const name of solution) {
    const solutionFile = rel(root, join(dir, 'solution', name));
    const starterFile = rel(root, join(dir, 'starter', name));
    if (!known.has(name)) {
      valid = false;
      problems.push({
        severity: 'error',
        file: solutionFile,
        message: `The solution file has no counterpart ${starterFile}, so learners could never write it: they only edit the starter files.`,
        fix: `Add ${starterFile} (a version with TODO comments), or move this code into one of the starter files.`,
      });
    } else if (readFileSync(join(dir, 'solution', name)).equals(readFileSync(join(dir, 'starter', name)))) {
      valid = false;
      problems.push({
        severity: 'error',
        file: solutionFile,
        message: `The solution file is identical to ${starterFile}, so it solves nothing; solution/ holds only the files that differ.`,
        fix: `Delete ${solutionFile} if the starter version is already right, or put the finished code in it.`,
      });
    }
  }
  return valid ? solution : undefined;
}

/** A run-only demo has nothing to grade: solution/, tests/ and mistakes/ would mislead, so they are refused. */
function checkRunOnly(root: string, dir: string, problems: ContentProblem[]): void {
  for (const name of ['solution', 'tests', 'mistakes']) {
    if (!existsSync(join(dir, name))) continue;
    problems.push({
      severity: 'error',
      file: `${rel(root, join(dir, name))}/`,
      message: `The sandbox says \`graded: false\` (a run-only demo), but it has a ${name}/ folder, which only a graded exercise uses.`,
      fix: `Delete ${rel(root, join(dir, name))}/, or remove \`graded: false\` from ${rel(root, join(dir, 'sandbox.yaml'))} to make it a graded exercise.`,
    });
  }
}

function loadSandbox(root: string, dir: string, id: string, problems: ContentProblem[]): Sandbox | undefined {
  const errorsBefore = problems.filter((p) => p.severity === 'error').length;
  const read = readConfig(root, dir, problems);
  const starter = readFolder(root, dir, 'starter', 'holds every file the learner starts from', problems);
  if (starter?.some((name) => name.startsWith('tests/'))) {
    problems.push({
      severity: 'error',
      file: `${rel(root, join(dir, 'starter', 'tests'))}/`,
      message: 'The starter has a tests/ folder, but the sandbox\'s own tests/ are copied to that place when it is graded.',
      fix: `Move the specs to ${rel(root, join(dir, 'tests'))}/ and remove the folder from starter/.`,
    });
  }
  if (read && starter) checkConfigAgainstStarter(root, dir, read.config, read.lines, starter, problems);
  const graded = read?.config.graded ?? true;
  if (!graded) checkRunOnly(root, dir, problems);
  const solution = !graded ? [] : starter ? checkSolution(root, dir, starter, problems) : undefined;
  const tests = graded ? readFolder(root, dir, 'tests', 'holds the vitest specs that grade the exercise', problems) : [];
  if (graded && tests && !tests.some((name) => SPEC_FILE_PATTERN.test(name))) {
    problems.push({
      severity: 'error',
      file: `${rel(root, join(dir, 'tests'))}/`,
      message: `The tests/ folder has no spec file ending in .test.ts (it holds ${tests.map((name) => `"${name}"`).join(', ')}), so nothing would grade the exercise.`,
      fix: 'Name the specs like `server.test.ts`; other files in tests/ are helpers the specs may import.',
    });
  }
  const mistakes = graded && starter ? loadMistakes(root, dir, starter, problems) : [];
  const packages = readSandboxPackages(root, dir, id, problems);
  const errorsAfter = problems.filter((p) => p.severity === 'error').length;
  if (!read || !starter || !solution || !tests || errorsAfter > errorsBefore) return undefined;
  return {
    id,
    path: dir,
    file: rel(root, join(dir, 'sandbox.yaml')),
    config: { ...read.config, dependencies: [...new Set([...read.config.dependencies, ...packages.filter((p) => p.role === 'dependencies').map((p) => p.name)])] },
    starterFiles: starter,
    solutionFiles: solution,
    testFiles: tests,
    tabs: read.config.files ?? starter.map((path) => ({ path, readOnly: false })),
    mistakes,
    packages,
  };
}

/** Reads `<root>/sandboxes/*`. A project without a sandboxes/ folder simply has no sandboxes. */
export function loadSandboxes(root: string): LoadedSandboxes {
  const problems: ContentProblem[] = [];
  const sandboxes: Sandbox[] = [];
  const sandboxesDir = join(root, 'sandboxes');
  if (!isDirectory(sandboxesDir)) return { sandboxes, problems };
  for (const name of readdirSync(sandboxesDir).filter((entry) => !entry.startsWith('.')).sort()) {
    const dir = join(sandboxesDir, name);
    if (!statSync(dir).isDirectory()) {
      problems.push({
        severity: 'warning',
        file: rel(root, dir),
        message: 'Files directly inside sandboxes/ are not part of any sandbox and are ignored.',
        fix: 'Move the file into a sandbox folder such as sandboxes/polling-etag/, or delete it.',
      });
      continue;
    }
    if (!SANDBOX_ID_PATTERN.test(name)) {
      problems.push({
        severity: 'error',
        file: rel(root, dir),
        message: `The folder name "${name}" is not a valid sandbox id, and lessons refer to sandboxes by that id.`,
        fix: 'Rename the folder with lower-case letters, digits and single hyphens, like `polling-etag`.',
      });
      continue;
    }
    const sandbox = loadSandbox(root, dir, name, problems);
    if (sandbox) sandboxes.push(sandbox);
  }
  return { sandboxes, problems };
}
