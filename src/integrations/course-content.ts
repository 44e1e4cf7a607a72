/**
 * Validates all course content before Astro touches it, with the same checks as `npm run check` (except
 * parsing diagrams, which the Mermaid integration does as it renders them), so every mistake `check`
 * reports also fails the build — links, anchors, the frontmatter quiz and lesson numbers included — with
 * our full-sentence messages (file:line, what, how to fix) instead of a schema dump.
 *
 * In dev the server stays up and the problems go to the browser's error overlay: at start, to every page
 * that connects while they last (Vite sends an error only to the clients connected at that moment), and
 * after every save in lessons/, quizzes/ or sandboxes/. A clean save reloads the page, so quiz and
 * sandbox edits (which Astro does not track) show at once.
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAll } from '../content/check-all.ts';
import { ContentError, formatProblem, formatProblems, type ContentProblem } from '../content/problems.ts';

const WATCHED = ['lessons', 'quizzes', 'sandboxes', 'locales'];
const RECHECK_DELAY_MS = 150;

/** What Vite's overlay (and Astro's, which replaces it) reads from an error payload. */
export function overlayPayload(root: string, errors: readonly ContentProblem[]) {
  const error = new ContentError(errors, root);
  return {
    type: 'error' as const,
    err: { message: error.message, stack: formatProblems(errors), plugin: 'course-content', id: error.loc?.file, loc: error.loc && { file: error.loc.file, line: error.loc.line ?? 1, column: 1 }, hint: error.hint },
  };
}

/** The folder whose node_modules sandbox runs use: the nearest one above `root`, else the working directory. */
function modulesRootFor(root: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', 'typescript'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/**
 * Every problem `npm run check` finds (without diagram parsing and grading), sandbox code included;
 * drafts count in dev, where they are shown. Unchanged sandboxes keep their cached type-check.
 */
export async function contentProblems(root: string): Promise<ContentProblem[]> {
  const modulesRoot = modulesRootFor(root);
  return (await checkAll({ root, sandboxCode: { modulesRoot, cacheFile: join(modulesRoot, 'node_modules/.cache/course-check/sandbox-types.json') } })).problems;
}

export default function courseContent(): AstroIntegration {
  let root = process.cwd();
  let current: ContentProblem[] = [];
  return {
    name: 'course-content',
    hooks: {
      'astro:config:setup': async ({ config, command, logger }) => {
        root = fileURLToPath(config.root);
        const problems = await contentProblems(root);
        for (const warning of problems.filter((p) => p.severity === 'warning')) logger.warn(formatProblem(warning));
        current = problems.filter((p) => p.severity === 'error');
        // In dev, keep the server up so the overlay can show the problems and a fix can clear them.
        if (current.length && command !== 'dev') throw new ContentError(current, root);
        if (current.length) logger.error(new ContentError(current, root).message);
      },
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.add(WATCHED.map((dir) => join(root, dir)));
        const hot = server.environments.client.hot;
        hot.on('vite:client:connect', (_payload, client) => {
          if (current.length) client.send(overlayPayload(root, current));
        });
        let timer: NodeJS.Timeout | undefined;
        const recheck = async () => {
          current = (await contentProblems(root)).filter((p) => p.severity === 'error');
          if (current.length) {
            logger.error(new ContentError(current, root).message);
            hot.send(overlayPayload(root, current));
          } else {
            hot.send({ type: 'full-reload', path: '*' });
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
