/**
 * Validates lessons and phases before Astro touches them, so an author's mistake fails the build with
 * our full-sentence messages (file:line, field, what, how to fix) instead of a schema dump. In dev the
 * same error is shown in the browser overlay and cleared when the file is fixed.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { readCourse } from '../content/read-course.ts';
import { ContentError, formatProblem, hasErrors } from '../content/problems.ts';

export default function courseContent(): AstroIntegration {
  return {
    name: 'course-content',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        const root = fileURLToPath(config.root);
        const { problems } = readCourse({ root, includeDrafts: command === 'dev' });
        for (const warning of problems.filter((p) => p.severity === 'warning')) logger.warn(formatProblem(warning));
        // In dev, keep the server up so the overlay can show the problem and hot reload can clear it.
        if (hasErrors(problems) && command !== 'dev') throw new ContentError(problems);
        if (hasErrors(problems)) logger.error(new ContentError(problems).message);
      },
    },
  };
}
