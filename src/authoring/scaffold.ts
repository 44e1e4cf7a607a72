/**
 * What `npm run new:lesson` writes: a lesson with complete frontmatter, a diagram and the quiz (and
 * optionally a sandbox) wired in, numbered to come after the phase's last lesson. Pure planning: it
 * returns the files to create and never touches the disk, so it is easy to test; the CLI writes them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LESSON_ID_PATTERN } from '../content/schemas/lesson.ts';
import { NUMBERED_NAME } from '../content/read-course.ts';

export interface ScaffoldRequest {
  /** An existing phase folder (`01-foundations`), its slug (`foundations`) or number (`1`), or a new `NN-slug`. */
  phase: string;
  title: string;
  /** Lesson id; derived from the title when omitted. */
  slug?: string;
  /** Also create `sandboxes/<slug>/` with starter, solution and tests. */
  sandbox?: boolean;
  /** Title of a new phase (only when `phase` names a folder that does not exist yet). */
  phaseTitle?: string;
  /** The lesson's language (BCP 47, e.g. `ja`) when it is not the course's; a new phase gets it too. */
  lang?: string;
}

export interface PlannedFile {
  path: string;
  content: string;
}

export interface ScaffoldPlan {
  files: PlannedFile[];
  lessonUrl: string;
  lessonId: string;
  /** Things the author should know that are not errors (e.g. no locale file for the language yet). */
  notes: string[];
}

/** A BCP 47 tag as locale files are named: `ja`, `pt-BR`, `zh-Hant`. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
}

/**
 * Slugs are ASCII (they are URLs, ids and file names). A title in Japanese or Cyrillic loses most or all
 * of its letters in slugify ("gRPCとは" → "grpc"), so rather than invent a slug from the Latin leftovers,
 * ask for one.
 */
function slugFromTitle(title: string): string {
  const slug = slugify(title);
  const nonLatin = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/\p{L}/gu)?.filter((c) => !/[A-Za-z]/.test(c)) ?? [];
  if (slug && nonLatin.length === 0) return slug;
  const madeOf = slug ? `only "${slug}" is left of it` : 'nothing is left of it';
  throw new ScaffoldError(
    `The title "${title}" has letters outside the Latin alphabet, and lesson ids (URLs, file names) are ASCII, so ${madeOf}. ` +
      'Choose the id yourself with --slug, e.g.:\n  npm run new:lesson -- --phase <phase> --title "' + title + '" --slug grpc-basics',
  );
}

function findPhaseFolder(root: string, phase: string): { folder: string; exists: boolean } {
  const lessonsDir = join(root, 'lessons');
  const folders = existsSync(lessonsDir) ? readdirSync(lessonsDir).filter((n) => NUMBERED_NAME.test(n)).sort() : [];
  const byNumber = /^\d{1,2}$/.test(phase) ? folders.find((f) => Number(f.slice(0, 2)) === Number(phase)) : undefined;
  const match = folders.find((f) => f === phase || NUMBERED_NAME.exec(f)?.[2] === phase) ?? byNumber;
  if (match) return { folder: match, exists: true };
  if (NUMBERED_NAME.test(phase)) return { folder: phase, exists: false };
  throw new ScaffoldError(
    `There is no phase "${phase}". Use one of ${folders.map((f) => `"${f}"`).join(', ') || '(none yet)'}, or name a new phase folder like "08-webtransport" (two digits, a hyphen, a lower-case slug) to create it.`,
  );
}

function nextNumber(root: string, folder: string): string {
  const dir = join(root, 'lessons', folder);
  const numbers = existsSync(dir) ? readdirSync(dir).map((n) => /^(\d{2})-/.exec(n)?.[1]).filter((n) => n !== undefined).map(Number) : [];
  const next = (numbers.length ? Math.max(...numbers) : 0) + 1;
  if (next > 99) throw new ScaffoldError(`The phase ${folder} already has lesson number 99; split it into two phases.`);
  return String(next).padStart(2, '0');
}

export function planLesson(root: string, request: ScaffoldRequest): ScaffoldPlan {
  const title = request.title.trim();
  if (!title) throw new ScaffoldError('The lesson needs a title, e.g. --title "Server-Sent Events basics".');
  if (title.length > 80) throw new ScaffoldError(`The title is ${title.length} characters long; keep it to 80 or fewer.`);
  const slug = request.slug?.trim() || slugFromTitle(title);
  if (!LESSON_ID_PATTERN.test(slug)) throw new ScaffoldError(`The slug "${slug}" is not valid: use lower-case letters, digits and single hyphens, e.g. "sse-basics".`);

  const existingLessons = existsSync(join(root, 'lessons'))
    ? readdirSync(join(root, 'lessons')).filter((phase) => NUMBERED_NAME.test(phase)).flatMap((phase) => {
        const dir = join(root, 'lessons', phase);
        try {
          return readdirSync(dir).map((name) => NUMBERED_NAME.exec(name.replace(/\.mdx$/, ''))?.[2]);
        } catch {
          return [];
        }
      })
    : [];
  if (existingLessons.includes(slug)) throw new ScaffoldError(`A lesson with the id "${slug}" already exists. Choose another slug with --slug.`);

  const lang = request.lang?.trim() || undefined;
  if (lang !== undefined && !LANGUAGE_TAG.test(lang)) {
    throw new ScaffoldError(`"${lang}" is not a language tag. Use a BCP 47 tag such as "ja", "pt-BR" or "zh-Hant": the same name as its locales/<tag>.yaml file.`);
  }
  const notes: string[] = [];
  // English needs no file of its own: it is the reference every locale file is measured against.
  if (lang && lang.split('-')[0] !== 'en' && !existsSync(join(root, 'locales', `${lang.split('-')[0]}.yaml`)) && !existsSync(join(root, 'locales', `${lang}.yaml`))) {
    notes.push(`There is no locales/${lang.split('-')[0]}.yaml yet, so the page's buttons, navigation and search show in English around your ${lang} prose. Copy locales/en.yaml to locales/${lang.split('-')[0]}.yaml and translate the values (npm run check lists what is missing).`);
  }
  const { folder, exists } = findPhaseFolder(root, request.phase);
  const number = nextNumber(root, folder);
  const phaseSlug = NUMBERED_NAME.exec(folder)?.[2] ?? folder;
  const files: PlannedFile[] = [];
  if (!exists) {
    const phaseTitle = request.phaseTitle?.trim() || phaseSlug.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
    files.push({
      path: `lessons/${folder}/phase.yaml`,
      content: `# Shown on the home roadmap and the phase page.\ntitle: ${phaseTitle}\n${lang ? `lang: ${lang}\n` : ''}summary: >-\n  TODO: one to three sentences on what this phase covers and why it matters.\n`,
    });
  }
  files.push({ path: `lessons/${folder}/${number}-${slug}.mdx`, content: lessonTemplate(title, slug, Boolean(request.sandbox), lang) });
  files.push({ path: `quizzes/${slug}.yaml`, content: quizTemplate(title) });
  if (request.sandbox) files.push(...sandboxTemplate(slug, title));

  for (const file of files) {
    if (existsSync(join(root, file.path))) throw new ScaffoldError(`${file.path} already exists, and new:lesson never overwrites files. Choose another slug with --slug.`);
  }
  return { files, lessonId: slug, lessonUrl: `/${phaseSlug}/${slug}/`, notes };
}

function yamlString(text: string): string {
  return /^[\w\s,.'()-]+$/.test(text) && !/^\s|\s$/.test(text) ? text : JSON.stringify(text);
}

function lessonTemplate(title: string, slug: string, sandbox: boolean, lang: string | undefined): string {
  return `---
title: ${yamlString(title)}
${lang ? `# The language the lesson is written in: the page's lang attribute, its search words and its interface.\nlang: ${lang}\n` : ''}description: TODO one or two sentences (20 to 200 characters) for lesson cards, search and the page's meta description.
goals:
  - Explain TODO
  - Build TODO
minutes: 30
prerequisites: []
# A draft shows in \`npm run dev\` but is left out of the built site; remove this line when nothing is left to fill in.
draft: true
quiz: ${slug}
${sandbox ? `sandbox: ${slug}\n` : ''}---

## Why this matters

TODO: open with the problem this lesson solves.

## How it works

\`\`\`mermaid
sequenceDiagram
  accTitle: TODO a short title for screen readers
  accDescr: TODO one sentence describing what the diagram shows.
  participant C as Client
  participant S as Server
  C->>S: Request
  S-->>C: Response
\`\`\`

<Callout type="tip">
TODO: an aside worth remembering.
</Callout>
${sandbox ? `\n## Try it\n\n<Sandbox id="${slug}" />\n` : ''}
## Check your understanding

<Quiz id="${slug}" />
`;
}

function quizTemplate(title: string): string {
  return `# Quiz for "${title}". Question types: single, multiple, order, fill, numeric, match.
# Every option needs a rationale: the learner sees it after choosing that option.
title: ${yamlString(`${title}: check your understanding`)}
passMark: 0.8
questions:
  - id: example
    type: single
    prompt: TODO the question?
    hints:
      - TODO a nudge in the right direction.
    options:
      - id: right
        text: TODO the right answer
        correct: true
        rationale: TODO why this is right.
      - id: wrong
        text: TODO a tempting wrong answer
        rationale: TODO why this is wrong.
`;
}

function sandboxTemplate(slug: string, title: string): PlannedFile[] {
  return [
    {
      path: `sandboxes/${slug}/sandbox.yaml`,
      content: `title: ${yamlString(title)}\ndescription: TODO one or two sentences on the task, shown above the editor.\nentry: main.ts\nfiles:\n  - path: greeting.ts\n  - path: main.ts\n    readOnly: true\n`,
    },
    { path: `sandboxes/${slug}/starter/main.ts`, content: `import { greet } from './greeting.ts';\n\nconsole.log(greet('learner'));\n` },
    {
      path: `sandboxes/${slug}/starter/greeting.ts`,
      content: `// TODO: return "Hello, <name>!" — the tests in tests/ check it.\nexport function greet(name: string): string {\n  return name;\n}\n`,
    },
    { path: `sandboxes/${slug}/solution/greeting.ts`, content: `export function greet(name: string): string {\n  return \`Hello, \${name}!\`;\n}\n` },
    {
      path: `sandboxes/${slug}/tests/greeting.test.ts`,
      content: `import { expect, test } from 'vitest';\nimport { greet } from '../greeting.ts';\n\ntest('greets the learner by name', () => {\n  expect(greet('Ada'), 'greet("Ada") should say hello to Ada').toBe('Hello, Ada!');\n});\n`,
    },
  ];
}
