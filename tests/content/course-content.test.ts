/**
 * The build and the dev server enforce what `npm run check` reports: the integration throws on every
 * fixture of the mistake probe that has an error (with the same messages, and `loc` for Astro's overlay),
 * and in dev it sends those errors to each page that connects and after each save.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import courseContent from '../../src/integrations/course-content.ts';
import { checkAll } from '../../src/content/check-all.ts';
import { CHECK_KINDS, type CheckKindId } from '../../src/content/check-kinds.ts';
import { ContentError } from '../../src/content/problems.ts';
import { writeCourse } from './fixture-course.ts';
import { FIXTURES } from './mistake-fixtures.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const logger = { warn: vi.fn(), error: vi.fn(), info: vi.fn() };

function fixture(kind: CheckKindId): string {
  const made = writeCourse(FIXTURES[kind]);
  cleanup = made.cleanup;
  return made.root;
}

async function setup(root: string, command: 'build' | 'dev'): Promise<void> {
  const hook = courseContent().hooks['astro:config:setup'] as unknown as (options: unknown) => Promise<void>;
  await hook({ config: { root: pathToFileURL(`${root}/`) }, command, logger });
}

/** Kinds whose fixture has only a warning, or an error only a browser finds (the Mermaid integration fails the build on those). */
const NOT_FAILING_SETUP: CheckKindId[] = ['quiz-unused', 'sandbox-unused', 'lesson-lang', 'diagram-syntax', 'translation-stale', 'translation-messages'];

describe('the build fails on every error check reports', () => {
  // Grading (`check -- --grade`) runs vitest on every exercise: a check before commit, not part of a build.
  for (const { kind } of CHECK_KINDS.filter((k) => !NOT_FAILING_SETUP.includes(k.kind) && !('grade' in k))) {
    test(kind, async () => {
      const root = fixture(kind);
      const errors = (await checkAll({ root, sandboxCode: { modulesRoot: process.cwd() } })).problems.filter((p) => p.severity === 'error');
      const thrown = await setup(root, 'build').then(() => undefined, (error: unknown) => error);
      expect(thrown, `the build passed the "${kind}" mistake`).toBeInstanceOf(ContentError);
      const error = thrown as ContentError;
      expect(error.message).toBe(new ContentError(errors).message);
      expect(error.loc?.file).toBe(`${root}/${errors[0]?.file}`);
      expect(error.loc?.line).toBe(errors[0]?.line);
    });
  }

  test('warnings alone do not fail it', async () => {
    await expect(setup(fixture('quiz-unused'), 'build')).resolves.toBeUndefined();
  });
});

describe('the dev server shows the errors in the overlay', () => {
  test('to every page that connects, with file and line, and after a save that fixes them reloads', async () => {
    const root = fixture('links');
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const sent: unknown[] = [];
    let onChange: ((event: string, path: string) => void) | undefined;
    const server = {
      watcher: { add: vi.fn(), on: (_: string, listener: typeof onChange) => (onChange = listener) },
      environments: { client: { hot: { on: (event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener), send: (payload: unknown) => sent.push(payload) } } },
    };
    // One integration instance: server:setup uses the problems its config:setup found.
    const integration = courseContent();
    await (integration.hooks['astro:config:setup'] as unknown as (o: unknown) => Promise<void>)({ config: { root: pathToFileURL(`${root}/`) }, command: 'dev', logger });
    (integration.hooks['astro:server:setup'] as unknown as (o: unknown) => void)({ server, logger });

    const client = { send: vi.fn() };
    listeners.get('vite:client:connect')?.(undefined, client);
    const payload = client.send.mock.calls[0]?.[0] as { type: string; err: { message: string; loc: { file: string; line: number }; hint: string } };
    expect(payload.type).toBe('error');
    expect(payload.err.loc).toEqual({ file: `${root}/lessons/01-foundations/02-intro.mdx`, line: 11, column: 1 });
    expect(payload.err.message).toContain('The link "/foundations/polling/#no-such-heading" points at the anchor');
    expect(payload.err.hint).toMatch(/^Use one of its anchors: #a-section\. \(1 more problem below\.\)$/);

    // The author fixes the file: the next check is clean and the page reloads instead.
    writeFileSync(`${root}/lessons/01-foundations/02-intro.mdx`, FIXTURES.links['lessons/01-foundations/02-intro.mdx']!.replace(/ and \[nothing\]\(\/foundations\/nothing\/\)/, '').replace('#no-such-heading', '#a-section'));
    onChange?.('change', `${root}/lessons/01-foundations/02-intro.mdx`);
    await vi.waitFor(() => expect(sent).toEqual([{ type: 'full-reload', path: '*' }]), { timeout: 3000 });
    const later = { send: vi.fn() };
    listeners.get('vite:client:connect')?.(undefined, later);
    expect(later.send, 'no stale error for pages opened after the fix').not.toHaveBeenCalled();
  });
});
