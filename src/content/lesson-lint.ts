/**
 * Checks on a lesson body that are about how it is written rather than where it points: imports that
 * resolve, `{…}` expressions that name something, diagrams and images a screen reader can describe, one
 * title, and no TODO left for learners to read. The authoring guide asks for each of these; this is where
 * that promise is kept, so `npm run check` and the build both enforce it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LessonBody } from './lesson-body.ts';
import type { ContentProblem } from './problems.ts';

/** Names an expression may use without importing them: what MDX itself provides, and JS globals. */
const PROVIDED_NAMES = new Set(['props', 'frontmatter', 'Math', 'Date', 'JSON', 'Number', 'String', 'Array', 'Object', 'Intl', 'undefined', 'null', 'true', 'false', 'new', 'typeof']);
/** Extensions Vite tries for an import without one, plus the component formats Astro renders. */
const IMPORT_EXTENSIONS = ['', '.astro', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.mdx', '.md', '.svelte', '.vue'];

export interface LintTarget {
  file: string;
  /** Drafts may hold TODOs (new:lesson writes them); published lessons may not. */
  draft: boolean;
  /** The whole file, for TODOs in the frontmatter. */
  source: string;
  bodyLine: number;
}

function importResolves(root: string, lessonFile: string, source: string): boolean {
  if (source.startsWith('.') || source.startsWith('/')) {
    const base = source.startsWith('/') ? join(root, source) : join(root, dirname(lessonFile), source);
    return IMPORT_EXTENSIONS.some((ext) => existsSync(base + ext)) || IMPORT_EXTENSIONS.slice(1).some((ext) => existsSync(join(base, `index${ext}`)));
  }
  if (/^(?:node:|astro:|virtual:)/.test(source)) return true;
  // A bare specifier: the package (its first one or two segments) must be installed.
  const parts = source.split('/');
  const pkg = source.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? source);
  return existsSync(join(root, 'node_modules', pkg));
}

export function lintLessonBody(root: string, target: LintTarget, body: LessonBody): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const at = (line: number) => ({ severity: 'error' as const, file: target.file, line });

  const imported = new Set(body.imports.flatMap((statement) => statement.names));
  for (const statement of body.imports) {
    if (importResolves(root, target.file, statement.source)) continue;
    problems.push({ ...at(statement.line), message: `The import "${statement.source}" does not resolve: no such file (or package) exists, so the page cannot build.`, fix: 'Fix the path (it is relative to the lesson file), or remove the import: Callout, Quiz and Sandbox are available in every lesson without one.' });
  }

  for (const expression of body.expressions) {
    const name = /^([A-Za-z_$][\w$]*)/.exec(expression.value)?.[1];
    if (!name || PROVIDED_NAMES.has(name) || imported.has(name) || body.exportedNames.has(name)) continue;
    problems.push({ ...at(expression.line), message: `"{${expression.value}}" is read as a JavaScript expression naming "${name}", which nothing defines, so the page fails to render.`, fix: `To show the braces as text, escape the first one: \`\\{${expression.value}}\`, or put it in backticks as code.` });
  }

  for (const diagram of body.diagrams) {
    if (/^\s*accTitle\s*:/m.test(diagram.value)) continue;
    problems.push({ ...at(diagram.line), message: 'The Mermaid diagram has no accTitle, so screen readers announce it only as "diagram".', fix: 'Add `accTitle: <a short title>` and `accDescr: <one sentence on what it shows>` right after the diagram type line (e.g. after `sequenceDiagram`).' });
  }

  for (const image of body.images) {
    if (image.alt) continue;
    problems.push({ ...at(image.line), message: `The image "${image.value}" has no alt text, so learners using a screen reader miss what it shows.`, fix: 'Describe the image in the brackets: `![What the image shows](path)`, or `alt="…"` on an <img>.' });
  }

  for (const heading of body.h1s) {
    problems.push({ ...at(heading.line), message: `"# ${heading.value}" is a second page title: the page already shows the frontmatter title as its heading.`, fix: 'Start sections at `##`; to change the page title, edit `title:` in the frontmatter.' });
  }

  // Frontmatter TODOs (new:lesson writes some) are found line by line; body TODOs come from the parsed prose, so code is not searched.
  const frontmatterTodos = target.source
    .split('\n')
    .slice(0, target.bodyLine - 1)
    .flatMap((text, index) => (/\b(?:TODO|FIXME|TBD)\b/.test(text) ? [{ value: 'TODO', line: index + 1 }] : []));
  for (const todo of [...frontmatterTodos, ...body.todos]) {
    problems.push({
      ...at(todo.line),
      severity: target.draft ? 'warning' : 'error',
      message: `A leftover "${todo.value}" would be published to learners.`,
      fix: target.draft ? 'Replace it before you remove `draft: true`.' : 'Write the text it stands for, or mark the lesson `draft: true` until it is finished.',
    });
  }
  return problems;
}
