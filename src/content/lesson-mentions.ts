/**
 * Finds prose that names lessons by number ("lesson 9", "lessons 13–14", "lessons 4, 6 and 7") and reports
 * numbers that no lesson has. Lessons are numbered once across the whole course, as every page shows them,
 * so a number above the lesson count points at a lesson that does not exist (yet).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BodyReference } from './lesson-body.ts';
import type { ContentProblem } from './problems.ts';

/** "lesson 9", "Lessons 8 to 12", "lessons 13–14", "lessons 4, 6 and 7". */
const LESSON_MENTION = /\blessons?\s+\d+(?:\s*(?:,|–|-|\bto\b|\band\b|\bor\b)\s*\d+)*/gi;

/** Every mention in a piece of prose, with the line it is on; `firstLine` is the line the text starts on. */
export function findLessonMentions(text: string, firstLine: number): BodyReference[] {
  const mentions: BodyReference[] = [];
  for (const match of text.matchAll(LESSON_MENTION)) {
    const linesBefore = text.slice(0, match.index).split('\n').length - 1;
    mentions.push({ value: match[0].replace(/\s+/g, ' '), line: firstLine + linesBefore });
  }
  return mentions;
}

/** The lesson numbers a mention names: "lessons 8 to 12" names 8 and 12, the two ends that must exist. */
export function mentionedNumbers(mention: string): number[] {
  return [...mention.matchAll(/\d+/g)].map((m) => Number(m[0]));
}

/** A problem for a mention that names a lesson number outside 1..lessonCount, or undefined when it is fine. */
export function lessonMentionProblem(file: string, mention: BodyReference, lessonCount: number): ContentProblem | undefined {
  const missing = mentionedNumbers(mention.value).filter((n) => n < 1 || n > lessonCount);
  if (missing.length === 0) return undefined;
  const which = missing.length === 1 ? `lesson ${missing[0]}, which does not exist` : `lessons ${missing.join(', ')}, which do not exist`;
  return {
    severity: 'error',
    file,
    line: mention.line,
    message: `"${mention.value}" refers to ${which}: the course has ${lessonCount} lessons, numbered 1 to ${lessonCount} across all phases (the number each lesson page shows).`,
    fix: 'Use the number of an existing lesson, or name the lesson and link to its page, like `[Polling](/foundations/polling/)`, so the check follows the link instead.',
  };
}

/** Quiz texts (prompts, options, rationales, hints) mention lessons too; YAML comments are skipped. */
export function checkQuizLessonMentions(root: string, lessonCount: number): ContentProblem[] {
  const dir = join(root, 'quizzes');
  if (!existsSync(dir)) return [];
  const problems: ContentProblem[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trimStart().startsWith('#')) return;
      for (const mention of findLessonMentions(line, index + 1)) {
        const problem = lessonMentionProblem(`quizzes/${name}`, mention, lessonCount);
        if (problem) problems.push(problem);
      }
    });
  }
  return problems;
}
