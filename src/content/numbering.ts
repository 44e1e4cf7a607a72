/**
 * Lesson files and phase folders are numbered 01, 02, 03 … with no gaps. The number a learner sees is the
 * lesson's position in the whole course, so a gap would not show on the site; but authors read the file
 * names, and "04-x.mdx" being the third lesson makes "lesson 4" in prose ambiguous. No gaps keeps the file
 * name and the reading order saying the same thing (the authoring guide states this rule).
 */
import type { ContentProblem } from './problems.ts';

export interface Numbered {
  /** The two-digit number from the name. */
  order: number;
  /** The file or folder name, e.g. `04-long-polling.mdx`. */
  name: string;
  /** Project-relative path for messages. */
  file: string;
}

/** One problem per entry whose number is not one more than the previous one (`what` is "lesson" or "phase"). */
export function numberingGaps(entries: readonly Numbered[], what: 'lesson' | 'phase', where: string): ContentProblem[] {
  const sorted = [...entries].sort((a, b) => a.order - b.order);
  const problems: ContentProblem[] = [];
  let expected = 1;
  for (const entry of sorted) {
    if (entry.order === expected - 1) continue; // a duplicate number is reported on its own
    if (entry.order !== expected) {
      const renamed = `${String(expected).padStart(2, '0')}${entry.name.slice(2)}`;
      const after = expected === 1 ? `is the first ${what} in ${where}` : `follows ${what} ${String(expected - 1).padStart(2, '0')}`;
      problems.push({
        severity: 'error',
        file: entry.file,
        message: `The ${what} number ${entry.name.slice(0, 2)} ${after}: ${what} numbers run 01, 02, 03 … without gaps, so the name says where the ${what} sits.`,
        fix: `Rename it to "${renamed}" (and renumber the ones after it); URLs do not change, since they use the name without the number.`,
      });
    }
    expected = entry.order + 1;
  }
  return problems;
}
