/**
 * Lessons as an Astro content collection, so MDX is compiled and rendered by Astro. Order, phases and
 * the friendly validation messages come from src/content/read-course.ts, which runs before this schema
 * (see src/integrations/course-content.ts), so authors see our messages rather than raw zod output.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontmatterSchema } from './content/schemas/lesson.ts';
import { lessonTranslationSchema } from './content/schemas/translation.ts';
import { NUMBERED_NAME } from './content/read-course.ts';

/** `01-foundations/02-polling.mdx` → `polling`; `ja/01-foundations/02-polling.mdx` → `ja/polling`. */
function lessonId(entry: string): string {
  const parts = entry.split('/');
  const name = parts.pop()?.replace(/\.mdx$/, '') ?? entry;
  const id = NUMBERED_NAME.exec(name)?.[2] ?? name;
  return parts.length === 2 ? `${parts[0]}/${id}` : id;
}

const lessons = defineCollection({
  loader: glob({
    pattern: '*/*.mdx',
    base: './lessons',
    // `01-foundations/02-polling.mdx` → `polling`: the id authors use in prerequisites and URLs.
    generateId: ({ entry }) => lessonId(entry),
  }),
  schema: lessonFrontmatterSchema,
});

/**
 * Translated lessons, `lessons/<lang>/<NN-phase>/<NN-slug>.mdx`, one level deeper than English ones (so the
 * two globs never overlap), with the id `<lang>/<lesson id>`. Their frontmatter holds only the translated
 * words; src/content/editions.ts lays them over the English lesson.
 */
const translations = defineCollection({
  loader: glob({ pattern: '*/*/*.mdx', base: './lessons', generateId: ({ entry }) => lessonId(entry) }),
  schema: lessonTranslationSchema,
});

export const collections = { lessons, translations };
