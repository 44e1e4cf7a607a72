import { afterEach, describe, expect, test } from 'vitest';
import { checkReferences } from '../../src/content/check-references.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { readCourse } from '../../src/content/read-course.ts';
import { GOOD, PHASE, writeCourse } from './fixture-course.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function check(body: string, extraFiles: Record<string, string> = {}): string {
  const course = writeCourse({
    'lessons/01-foundations/phase.yaml': PHASE,
    'lessons/01-foundations/01-intro.mdx': GOOD.replace('title: Polling', 'title: Intro').replace(/\n## A section[\s\S]*$/, `\n${body}`),
    'lessons/01-foundations/02-polling.mdx': GOOD.replace(/\n## A section[\s\S]*$/, '\n## Conditional requests\n\n### ETag and 304\n'),
    ...extraFiles,
  });
  cleanup = course.cleanup;
  const { course: read } = readCourse({ root: course.root });
  return formatProblems(checkReferences(course.root, read, { quizIds: new Set(['intro']), sandboxIds: new Set() }).problems);
}

describe('checkReferences', () => {
  test('valid links, anchors, images and components pass', () => {
    expect(
      check(
        [
          '## Start here',
          '',
          'See [polling](/foundations/polling/), [its ETag part](/foundations/polling/#etag-and-304), [above](#start-here), [home](/) and [MDN](https://developer.mozilla.org/).',
          '',
          '![A diagram](./diagram.png)',
          '',
          '<Callout type="tip">Fine.</Callout>',
          '',
          '<Quiz id="intro" />',
        ].join('\n'),
        { 'lessons/01-foundations/diagram.png': 'png' },
      ),
    ).toBe('');
  });

  test('broken links, anchors, images, components and ids are each reported with their line', () => {
    expect(
      check(
        [
          '## Start here',
          '',
          'Broken: [a](/foundations/nope/), [b](/foundations/polling/#nope), [c](#missing), [d](./02-polling.mdx), [e](foundations/polling/).',
          '',
          '![Missing](./missing.png)',
          '',
          '<Callout>ok</Callout>',
          '<Warning>not a component</Warning>',
          '<Quiz id="nope" />',
          '<Sandbox />',
        ].join('\n'),
      ),
    ).toMatchSnapshot();
  });

  test('lessons named by a number no lesson has are reported; numbers in code, and existing lessons, are not', () => {
    expect(
      check(
        [
          '## Start here',
          '',
          'Lesson 1 is this one, [lesson 2](/foundations/polling/) is next, and lessons 1 to 2 make the course.',
          'Lesson 3 does not exist yet, and nor do lessons 2, 5 and 7, or',
          'lessons 9–10 or **lesson 0**.',
          '',
          '`lesson 42` in code is not prose:',
          '',
          '```text',
          'lesson 99',
          '```',
        ].join('\n'),
      ),
    ).toMatchSnapshot();
  });

  test('a link to a lesson under the wrong phase says where the lesson is', () => {
    expect(check('## Start here\n\nSee [polling](/server-sent-events/polling/).\n')).toMatchSnapshot();
  });

  test('MDX that does not parse is reported with its line', () => {
    expect(check('## Fine\n\nText with <Callout unclosed.\n')).toMatch(/01-intro\.mdx:\d+: The MDX does not parse/);
  });
});
