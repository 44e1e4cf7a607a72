/**
 * Validates lessons and phases before Astro touches them, so an author's mistake fails the build with
 * our full-sentence messages (file:line, field, what, how to fix) instead of a schema dump.
 *
 * In dev it also watches lessons/, quizzes/ and sandboxes/: every save re-checks all content. Problems
 * appear in the browser's error overlay with the same messages as `npm run check`; a clean save
 * reloads the page, so quiz and sandbox edits (which Astro does not track) show at once.
 */
import type { AstroIntegration } from 'astro';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAll } from '../content/check-all.ts';
import { readCourse } from '../content/read-course.ts';
import { ContentError, formatProblem, formatProblems, hasErrors } from '../content/problems.ts';

const WATCHED = ['lessons', 'quizzes', 'sandboxes'];
const RECHECK_DELAY_MS = 150;

export default function courseContent(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'course-content',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        root = fileURLToPath(config.root);
        const { problems } = readCourse({ root, includeDrafts: command === 'dev' });
        for (const warning of problems.filter((p) => p.severity === 'warning')) logger.warn(formatProblem(warning));
        // In dev, keep the server up so the overlay can show the problem and a fix can clear it.
        if (hasErrors(problems) && command !== 'dev') throw new ContentError(problems);
        if (hasErrors(problems)) logger.error(new ContentError(problems).message);
      },
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.add(WATCHED.map((dir) => join(root, dir)));
        let timer: NodeJS.Timeout | undefined;
        const recheck = async () => {
          const { problems } = await checkAll({ root });
          const errors = problems.filter((p) => p.severity === 'error');
          if (errors.length) {
            const message = new ContentError(errors).message;
            logger.error(message);
            server.hot.send({ type: 'error', err: { message, stack: formatProblems(errors), plugin: 'course-content', id: errors[0]?.file } });
          } else {
            server.hot.send({ type: 'full-reload', path: '*' });
          }
        };
        server.watcher.on('all', (_event, path) => {
          const top = relative(root, path).split(sep)[0] ?? '';
          if (!WATCHED.includes(top)) return;
          clearTimeout(timer);
          timer = setTimeout(() => void recheck().catch((error: unknown) => logger.error(String(error))), RECHECK_DELAY_MS);
        });
      },
    },
  };
}
