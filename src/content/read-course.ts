/**
 * Reads the course from disk: phases (`lessons/<NN-phase>/phase.yaml`) and lessons
 * (`lessons/<NN-phase>/<NN-slug>.mdx`), in the order their numeric prefixes give, with every problem an
 * author can make reported at once. Pages use the result for navigation; the build and `npm run check`
 * use its problems.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LANG_PATTERN, lessonFrontmatterSchema, type LessonFrontmatter } from './schemas/lesson.ts';
import { phaseMetaSchema, type PhaseMeta } from './schemas/phase.ts';
import type { ContentProblem } from './problems.ts';
import type { LineLocator } from './yaml-lines.ts';
import type { FieldHelp } from './zod-problems.ts';
import { validateYaml } from './validate-yaml.ts';
import { numberingGaps, type Numbered } from './numbering.ts';

export interface Lesson {
  id: string;
  /** 1-based position within its phase, from the file's numeric prefix. */
  order: number;
  phaseSlug: string;
  /** Project-relative path of the MDX file. */
  file: string;
  url: string;
  data: LessonFrontmatter;
}

export interface Phase {
  slug: string;
  /** 1-based position in the course, from the folder's numeric prefix. */
  order: number;
  file: string;
  url: string;
  meta: PhaseMeta;
  lessons: Lesson[];
}

/** A lesson file whose frontmatter is invalid: left out of the site, but its body is still checked. */
export interface UnreadLesson {
  id: string;
  file: string;
  url: string;
}

export interface Course {
  phases: Phase[];
  /** All lessons in reading order. */
  lessons: Lesson[];
  /** Lessons left out because of frontmatter errors (already reported), so checks can still read their bodies. */
  unread: UnreadLesson[];
}

export const NUMBERED_NAME = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

const LESSON_HELP: Record<string, FieldHelp> = {
  title: { example: 'title: Long polling' },
  description: { example: 'description: Hold each request open until there is news, and learn what that costs.' },
  goals: { example: 'goals: ["Explain why the server holds the request", "Resume from a cursor without losing messages"]' },
  minutes: { example: 'minutes: 25' },
  prerequisites: { example: 'prerequisites: [polling]' },
  quiz: { example: 'quiz: long-polling' },
  sandbox: { example: 'sandbox: long-polling-cursor' },
  draft: { example: 'draft: true' },
  lang: { example: 'lang: ja' },
};

const PHASE_HELP: Record<string, FieldHelp> = {
  title: { example: 'title: Server-Sent Events' },
  summary: { example: 'summary: One-way streams from server to browser, with reconnection built in.' },
  lang: { example: 'lang: ja' },
};

/** Splits `---\nyaml\n---\nbody`; returns undefined when the file has no frontmatter block. */
export function splitFrontmatter(source: string): { yaml: string; bodyLine: number } | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(source);
  if (!match) return undefined;
  return { yaml: match[1] ?? '', bodyLine: (match[0].match(/\n/g)?.length ?? 0) + 1 };
}

function rel(root: string, path: string): string {
  return relative(root, path).split('\\').join('/');
}

/** Where each lesson's frontmatter fields are, so later checks (prerequisites) can cite lines without re-reading files. */
type FieldLines = Map<string, LineLocator>;

function readLesson(root: string, path: string, phaseSlug: string, order: number, id: string, problems: ContentProblem[], fieldLines: FieldLines): Lesson | undefined {
  const file = rel(root, path);
  const source = readFileSync(path, 'utf8');
  const block = splitFrontmatter(source);
  if (!block) {
    problems.push({
      severity: 'error',
      file,
      line: 1,
      message: 'The lesson has no frontmatter block, so it has no title, description or goals.',
      fix: 'Start the file with a block between two `---` lines holding at least title, description, goals and minutes (see the authoring guide, or run `npm run new:lesson` to get a complete one).',
    });
    return undefined;
  }
  const valid = validateYaml({ text: block.yaml, file, schema: lessonFrontmatterSchema, help: LESSON_HELP, lineOffset: 1, noun: 'The frontmatter' }, problems);
  if (!valid) return undefined;
  fieldLines.set(id, valid.lines);
  return { id, order, phaseSlug, file, url: `/${phaseSlug}/${id}/`, data: valid.data };
}

function readPhaseMeta(root: string, dir: string, problems: ContentProblem[]): PhaseMeta | undefined {
  const path = join(dir, 'phase.yaml');
  const file = rel(root, path);
  if (!existsSync(path)) {
    problems.push({
      severity: 'error',
      file: rel(root, dir),
      message: 'This phase folder has no phase.yaml, so the phase has no title or summary.',
      fix: `Create ${file} with two fields, for example:\n    title: Foundations\n    summary: Why request/response cannot push, and the first workarounds.`,
    });
    return undefined;
  }
  return validateYaml({ text: readFileSync(path, 'utf8'), file, schema: phaseMetaSchema, help: PHASE_HELP }, problems)?.data;
}

function listDir(dir: string): string[] {
  return readdirSync(dir).filter((name) => !name.startsWith('.')).sort();
}

export interface ReadCourseOptions {
  /** Project root; lessons are read from `<root>/lessons`. */
  root: string;
  /** Include lessons marked `draft: true` (the dev server does; production builds do not). */
  includeDrafts?: boolean;
}

export function readCourse({ root, includeDrafts = false }: ReadCourseOptions): { course: Course; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const lessonsDir = join(root, 'lessons');
  const phases: Phase[] = [];
  if (!existsSync(lessonsDir)) {
    problems.push({ severity: 'error', file: 'lessons', message: 'The lessons folder does not exist.', fix: 'Create lessons/01-<phase>/ with a phase.yaml and at least one lesson, or run `npm run new:lesson`.' });
    return { course: { phases, lessons: [], unread: [] }, problems };
  }
  const phaseOrders = new Map<number, string>();
  const unread: UnreadLesson[] = [];
  const fieldLines: FieldLines = new Map();
  const lessonIds = new Map<string, string>();
  const phaseNumbers: Numbered[] = [];

  for (const phaseName of listDir(lessonsDir)) {
    const dir = join(lessonsDir, phaseName);
    // lessons/ja/ (a folder named by a language tag) holds a translation, read by editions.ts, not a phase.
    if (LANG_PATTERN.test(phaseName) && statSync(dir).isDirectory()) continue;
    if (!statSync(dir).isDirectory()) {
      problems.push({ severity: 'error', file: rel(root, dir), message: 'Files directly inside lessons/ are not part of any phase.', fix: 'Move the file into a phase folder such as lessons/01-foundations/.' });
      continue;
    }
    const phaseMatch = NUMBERED_NAME.exec(phaseName);
    if (!phaseMatch) {
      problems.push({ severity: 'error', file: rel(root, dir), message: `The phase folder name "${phaseName}" does not start with a two-digit number and a hyphen, so the course cannot place it.`, fix: 'Rename it like `02-server-sent-events`: two digits for its position, then a lower-case slug with hyphens.' });
      continue;
    }
    const phaseOrder = Number(phaseMatch[1]);
    const phaseSlug = phaseMatch[2] as string;
    const clash = phaseOrders.get(phaseOrder);
    if (clash) {
      problems.push({ severity: 'error', file: rel(root, dir), message: `Phase number ${phaseMatch[1]} is used twice: by "${clash}" and "${phaseName}".`, fix: 'Give each phase folder its own two-digit number.' });
    }
    phaseOrders.set(phaseOrder, phaseName);
    phaseNumbers.push({ order: phaseOrder, name: phaseName, file: rel(root, dir) });
    const meta = readPhaseMeta(root, dir, problems);

    const lessons: Lesson[] = [];
    const lessonOrders = new Map<number, string>();
    const lessonNumbers: Numbered[] = [];
    for (const name of listDir(dir)) {
      if (name === 'phase.yaml') continue;
      const path = join(dir, name);
      const file = rel(root, path);
      if (statSync(path).isDirectory()) {
        problems.push({ severity: 'error', file, message: 'Folders inside a phase folder are not read.', fix: 'Keep lessons directly in the phase folder; put images in public/ or beside the lesson file.' });
        continue;
      }
      if (!name.endsWith('.mdx')) {
        if (/\.(png|jpe?g|svg|webp|gif|avif)$/i.test(name)) continue; // images may sit beside lessons
        problems.push({ severity: 'error', file, message: `"${name}" is not an MDX lesson, so it would be ignored.`, fix: 'Lessons are .mdx files named like `03-long-polling.mdx`; rename it, or move it out of lessons/.' });
        continue;
      }
      const lessonMatch = NUMBERED_NAME.exec(name.slice(0, -'.mdx'.length));
      if (!lessonMatch) {
        problems.push({ severity: 'error', file, message: `The lesson file name "${name}" does not start with a two-digit number and a hyphen, so the course cannot place it.`, fix: 'Rename it like `03-long-polling.mdx`: two digits for its position in the phase, then a lower-case slug with hyphens.' });
        continue;
      }
      const order = Number(lessonMatch[1]);
      const id = lessonMatch[2] as string;
      const orderClash = lessonOrders.get(order);
      if (orderClash) {
        problems.push({ severity: 'error', file, message: `Lesson number ${lessonMatch[1]} is used twice in ${phaseName}: by "${orderClash}" and "${name}".`, fix: 'Give each lesson in a phase its own two-digit number.' });
      }
      lessonOrders.set(order, name);
      lessonNumbers.push({ order, name, file });
      const idClash = lessonIds.get(id);
      if (idClash) {
        problems.push({ severity: 'error', file, message: `The lesson id "${id}" is already used by ${idClash}; ids (the file name without its number) must be unique across the course because URLs and prerequisites use them.`, fix: 'Rename one of the two files to a different slug.' });
        continue;
      }
      lessonIds.set(id, file);
      const lesson = readLesson(root, path, phaseSlug, order, id, problems, fieldLines);
      if (lesson && (includeDrafts || !lesson.data.draft)) lessons.push(lesson);
      if (!lesson) unread.push({ id, file, url: `/${phaseSlug}/${id}/` });
    }
    problems.push(...numberingGaps(lessonNumbers, 'lesson', phaseName));
    // A broken phase.yaml is reported once, above; its lessons stay in the course under a stand-in title so
    // they are still checked, and links and prerequisites that name them do not fail as a consequence.
    const shownMeta = meta ?? { title: phaseSlug, summary: '' };
    phases.push({ slug: phaseSlug, order: phaseOrder, file: rel(root, join(dir, 'phase.yaml')), url: `/${phaseSlug}/`, meta: shownMeta, lessons });
  }

  problems.push(...numberingGaps(phaseNumbers, 'phase', 'lessons/'));
  phases.sort((a, b) => a.order - b.order);
  const lessons = phases.flatMap((phase) => phase.lessons);
  checkPrerequisites(lessons, fieldLines, problems);
  return { course: { phases, lessons, unread }, problems };
}

function checkPrerequisites(lessons: Lesson[], fieldLines: FieldLines, problems: ContentProblem[]): void {
  const position = new Map(lessons.map((lesson, index) => [lesson.id, index]));
  lessons.forEach((lesson, index) => {
    lesson.data.prerequisites.forEach((prerequisite, i) => {
      const at = position.get(prerequisite);
      const line = fieldLines.get(lesson.id)?.(['prerequisites', String(i)]);
      if (at === undefined) {
        problems.push({ severity: 'error', file: lesson.file, line, field: `prerequisites.${i}`, message: `The prerequisite "${prerequisite}" is not a lesson in this course.`, fix: `Use the id of an existing lesson (its file name without the number), such as ${lessons.slice(0, 3).map((l) => `"${l.id}"`).join(', ')}.` });
      } else if (at >= index) {
        problems.push({ severity: 'warning', file: lesson.file, line, field: `prerequisites.${i}`, message: `The prerequisite "${prerequisite}" comes ${at === index ? 'from the lesson itself' : 'later in the course'}, so a learner reading in order cannot have done it.`, fix: 'Point at an earlier lesson, or reorder the lessons by changing their numbers.' });
      }
    });
  });
}
