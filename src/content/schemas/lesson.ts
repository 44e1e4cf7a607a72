/**
 * Frontmatter of a lesson (`lessons/<NN-phase>/<NN-slug>.mdx`).
 *
 * Every field is documented for authors: what it is for, its default, and an example. The same schema
 * validates the Astro content collection and `npm run check`, so both report the same problems.
 */
import { z } from 'zod';

/** A BCP 47 language tag as pages use it: `en`, `ja`, `pt-BR`, `zh-Hant`. */
export const LANG_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** Lesson ids are the file name without its numeric prefix: `02-polling.mdx` → `polling`. */
export const LESSON_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const lessonFrontmatterSchema = z.strictObject({
  /** Shown as the page heading, in navigation and in search. Example: `Polling`. Required, at most 80 characters. */
  title: z.string().trim().min(1).max(80),
  /**
   * One or two sentences for lesson cards, search results and the page's meta description.
   * Example: `Ask the server again and again, and learn what each question costs.` Required, 20–200 characters.
   */
  description: z.string().trim().min(20).max(200),
  /** What the learner can do after the lesson, each starting with a verb. Required, 1–8 items. */
  goals: z.array(z.string().trim().min(3)).min(1).max(8),
  /** Estimated minutes to read the lesson and do its exercise. Required, a whole number from 1 to 240. */
  minutes: z.number().int().min(1).max(240),
  /** Ids of lessons to read first, e.g. `[polling]`. Optional, defaults to none. */
  prerequisites: z.array(z.string().regex(LESSON_ID_PATTERN)).default([]),
  /** Id of the quiz at the end of the lesson (`quizzes/<id>.yaml`). Optional. Example: `polling`. */
  quiz: z.string().regex(LESSON_ID_PATTERN).optional(),
  /** Id of the lesson's sandbox (`sandboxes/<id>/`). Optional. Example: `polling-etag`. */
  sandbox: z.string().regex(LESSON_ID_PATTERN).optional(),
  /** Hide the lesson from navigation and the build while it is being written. Optional, defaults to false. */
  draft: z.boolean().default(false),
  /**
   * The lesson's language, as a BCP 47 tag (`ja`, `pt-BR`): the page's `lang`, how search splits its words,
   * and which locales/<lang>.yaml its interface strings come from. Optional; defaults to its phase's `lang`,
   * then the course's (`en`).
   */
  lang: z.string().regex(LANG_PATTERN).optional(),
});

export type LessonFrontmatterInput = z.input<typeof lessonFrontmatterSchema>;
export type LessonFrontmatter = z.output<typeof lessonFrontmatterSchema>;
