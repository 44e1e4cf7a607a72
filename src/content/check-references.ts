/**
 * Finds references in lesson bodies that lead nowhere: links to pages or anchors that do not exist,
 * images that are missing, components that are not available, quiz or sandbox ids that no file
 * defines, and lessons named by a number no lesson has. Each problem names the file and line and says how to fix it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MDX_COMPONENT_NAMES } from '../components/mdx-component-names.ts';
import type { ContentProblem } from './problems.ts';
import type { Course } from './read-course.ts';
import { readLessonBody, type LessonBody } from './lesson-body.ts';
import { lessonMentionProblem } from './lesson-mentions.ts';
import { splitFrontmatter } from './read-course.ts';

export interface ReferenceTargets {
  quizIds?: ReadonlySet<string>;
  sandboxIds?: ReadonlySet<string>;
  /** Site pages that are not lessons or phases, e.g. `/authoring/`. */
  extraPages?: readonly string[];
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function bodyOf(root: string, file: string): { body: LessonBody; text: string } {
  const source = readFileSync(join(root, file), 'utf8');
  const block = splitFrontmatter(source);
  const start = block ? source.split('\n').slice(0, block.bodyLine - 1).join('\n').length + 1 : 0;
  return { body: readLessonBody(source.slice(start), block?.bodyLine ?? 1), text: source };
}

export function checkReferences(root: string, course: Course, targets: ReferenceTargets = {}): { problems: ContentProblem[]; bodies: Map<string, LessonBody> } {
  const problems: ContentProblem[] = [];
  const bodies = new Map<string, LessonBody>();
  // Lessons with broken frontmatter are not pages, but their bodies can still be wrong in other ways.
  const all = [...course.lessons, ...course.unread];
  for (const lesson of all) bodies.set(lesson.id, bodyOf(root, lesson.file).body);

  const pages = new Map<string, ReadonlySet<string> | undefined>([['/', undefined]]);
  for (const extra of targets.extraPages ?? []) pages.set(extra, undefined);
  for (const phase of course.phases) pages.set(phase.url, undefined);
  for (const lesson of course.lessons) pages.set(lesson.url, bodies.get(lesson.id)?.anchors);
  const lessonByFile = new Map(course.lessons.map((l) => [l.file, l]));

  for (const lesson of all) {
    const body = bodies.get(lesson.id)!;
    const at = (line: number) => ({ severity: 'error' as const, file: lesson.file, line });
    if (body.syntaxError) {
      problems.push({ ...at(body.syntaxError.line), message: `The MDX does not parse: ${body.syntaxError.message}`, fix: 'Check the line for an unclosed tag or brace; write a literal `<` as `&lt;` and a literal `{` as `\\{` in prose.' });
      continue;
    }

    for (const link of body.links) {
      if (EXTERNAL.test(link.value)) continue;
      const [pathPart = '', anchor] = link.value.split('#');
      if (pathPart === '') {
        if (anchor && !body.anchors.has(anchor)) problems.push({ ...at(link.line), message: `The link "#${anchor}" points at a heading that does not exist on this page.`, fix: `Use one of this page's anchors: ${[...body.anchors].slice(0, 6).map((a) => `#${a}`).join(', ')}.` });
        continue;
      }
      if (/\.mdx?$/.test(pathPart)) {
        const target = lessonByFile.get(join(dirname(lesson.file), pathPart).split('\\').join('/'));
        problems.push({ ...at(link.line), message: `The link "${link.value}" points at a source file, which does not exist on the built site.`, fix: target ? `Link to the page instead: \`${target.url}${anchor ? `#${anchor}` : ''}\`.` : 'Link to the lesson page URL, like `/foundations/polling/`.' });
        continue;
      }
      if (!pathPart.startsWith('/')) {
        problems.push({ ...at(link.line), message: `The link "${link.value}" is relative, so it breaks when the page URL changes.`, fix: 'Use a path from the site root, like `/foundations/polling/`.' });
        continue;
      }
      const path = pathPart.endsWith('/') || /\.[a-z0-9]+$/i.test(pathPart) ? pathPart : `${pathPart}/`;
      if (pages.has(path)) {
        const anchors = pages.get(path);
        if (anchor && anchors && !anchors.has(anchor)) problems.push({ ...at(link.line), message: `The link "${link.value}" points at the anchor "#${anchor}", which is not a heading on ${path}.`, fix: `Use one of its anchors: ${[...anchors].slice(0, 6).map((a) => `#${a}`).join(', ')}.` });
      } else if (!existsSync(join(root, 'public', pathPart))) {
        // A lesson URL is /<phase>/<id>/: if the id exists under another phase, say where it lives.
        const moved = course.lessons.find((l) => l.id === path.split('/')[2]);
        const fix = moved ? `The lesson "${moved.id}" is at \`${moved.url}\`; link there.` : `Link to an existing lesson, such as ${course.lessons.slice(0, 2).map((l) => `\`${l.url}\``).join(' or ')}.`;
        problems.push({ ...at(link.line), message: `The link "${link.value}" points at a page that does not exist in this course.`, fix });
      }
    }

    for (const mention of body.lessonMentions) {
      const problem = lessonMentionProblem(lesson.file, mention, course.lessons.length);
      if (problem) problems.push(problem);
    }

    for (const image of body.images) {
      if (EXTERNAL.test(image.value)) {
        problems.push({ ...at(image.line), severity: 'warning', message: `The image "${image.value}" is loaded from another site, so it is missing offline and may disappear.`, fix: 'Save the image in public/ (or beside the lesson) and link it locally.' });
        continue;
      }
      const path = image.value.startsWith('/') ? join(root, 'public', image.value) : join(root, dirname(lesson.file), image.value);
      if (!existsSync(path)) problems.push({ ...at(image.line), message: `The image "${image.value}" does not exist (looked for ${path.slice(root.length + 1)}).`, fix: 'Add the file there, or fix the path: paths starting with / are inside public/, others are relative to the lesson file.' });
    }

    for (const use of body.components) {
      if (/^[a-z]/.test(use.name)) continue; // plain HTML elements
      if (!(MDX_COMPONENT_NAMES as readonly string[]).includes(use.name)) {
        problems.push({ ...at(use.line), message: `<${use.name}> is not a component lessons can use.`, fix: `Use one of ${MDX_COMPONENT_NAMES.map((n) => `<${n}>`).join(', ')}, or check the spelling (names are case-sensitive).` });
        continue;
      }
      const ids = use.name === 'Quiz' ? targets.quizIds : use.name === 'Sandbox' ? targets.sandboxIds : undefined;
      if (ids) {
        const id = use.attributes.id;
        const kind = use.name === 'Quiz' ? 'quiz' : 'sandbox';
        const where = use.name === 'Quiz' ? `quizzes/${id}.yaml` : `sandboxes/${id}/`;
        if (!id) problems.push({ ...at(use.line), message: `<${use.name}> has no id, so the page cannot know which ${kind} to show.`, fix: `Add the id, like <${use.name} id="${lesson.id}" />.` });
        else if (!ids.has(id)) problems.push({ ...at(use.line), message: `<${use.name} id="${id}"> names a ${kind} that does not exist (there is no ${where}).`, fix: `Create ${where}, or use an existing id: ${[...ids].slice(0, 5).join(', ') || 'none exist yet'}.` });
      }
    }
  }
  return { problems, bodies };
}
