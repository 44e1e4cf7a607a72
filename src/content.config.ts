/**
 * Lessons as an Astro content collection, so MDX is compiled and rendered by Astro. Order, phases and
 * the friendly validation messages come from src/content/read-course.ts, which runs before this schema
 * (see src/integrations/course-content.ts), so authors see our messages rather than raw zod output.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontmatterSchema } from './content/schemas/lesson.ts';
import { NUMBERED_NAME } from './content/read-course.ts';

const lessons = defineCollection({
  loader: glob({
    pattern: '*/*.mdx',
    base: './lessons',
    // `01-foundations/02-polling.mdx` → `polling`: the id authors use in prerequisites and URLs.
    generateId: ({ entry }) => {
      const name = entry.split('/').pop()?.replace(/\.mdx$/, '') ?? entry;
      return NUMBERED_NAME.exec(name)?.[2] ?? name;
    },
  }),
  schema: lessonFrontmatterSchema,
});

export const collections = { lessons };
