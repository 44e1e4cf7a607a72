/**
 * The sandbox-code checks beyond the one-fixture-per-kind probe in mistakes.test.ts: a spec's type error is
 * reported once at its real path, package.json mistakes, and check:sandboxes saying (not crashing) that a
 * package is missing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { checkAll } from '../../src/content/check-all.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { SANDBOX_COMPILER_OPTIONS } from '../../src/sandbox/compiler-options.ts';
import { writeCourse } from './fixture-course.ts';
import { course, FIXTURES, SANDBOX } from './mistake-fixtures.ts';

const PROJECT = join(import.meta.dirname, '../..');
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function check(files: Record<string, string>): Promise<string> {
  const made = writeCourse(files);
  cleanup = made.cleanup;
  return formatProblems((await checkAll({ root: made.root, sandboxCode: { modulesRoot: PROJECT } })).problems);
}

test('a sound sandbox has no problems', async () => {
  expect(await check(course(SANDBOX))).toBe('');
});

test("a spec's type error is reported once, at the spec on disk, not at a virtual copy", async () => {
  const report = await check(FIXTURES['sandbox-types']);
  expect(report.split('\n\n')).toHaveLength(1);
  expect(report).toMatch(/^Error in sandboxes\/etag\/tests\/main\.test\.ts:5: /);
  expect(report).not.toContain('.sandbox-type-check');
});

test('parameter properties and namespaces are named in plain words', async () => {
  const report = await check(course({ ...SANDBOX, 'sandboxes/etag/starter/main.ts': 'export class Cache {\n  constructor(private readonly etag: string) {}\n}\nexport namespace Codes { export const ok = 200; }\nexport function status(changed: boolean): number {\n  return changed ? 200 : 200;\n}\n' }));
  expect(report).toMatch(/starter\/main\.ts:2: The parameter property `private readonly etag: string` cannot run/);
  expect(report).toMatch(/starter\/main\.ts:4: The namespace `Codes` cannot run/);
  expect(report).not.toContain('erasableSyntaxOnly');
});

test('a version range in a sandbox package.json is refused at its line', async () => {
  const report = await check(course({ ...SANDBOX, 'sandboxes/etag/package.json': '{\n  "name": "@course-sandbox/etag",\n  "private": true,\n  "dependencies": { "ws": "^8.23.0" }\n}\n' }));
  expect(report).toMatch(/^Error in sandboxes\/etag\/package\.json:4 \(field "dependencies\.ws"\): "ws" asks for "\^8\.23\.0", which is not one exact version/);
  expect(report).toContain('"ws": "8.23.0"');
});

test('a package only the tests import is declared as a devDependency, and vitest needs no declaration', async () => {
  const spec = `import { WebSocket } from 'ws';\n${SANDBOX['sandboxes/etag/tests/main.test.ts']}void WebSocket;\n`;
  const undeclared = await check(course({ ...SANDBOX, 'sandboxes/etag/tests/main.test.ts': spec }));
  expect(undeclared).toMatch(/tests\/main\.test\.ts:1: The code imports "ws", but the sandbox does not declare it[\s\S]*Add it to "devDependencies" in sandboxes\/etag\/package\.json with an exact version \("ws": "8\.23\.0"\)/);
  const pkg = '{\n  "name": "@course-sandbox/etag",\n  "private": true,\n  "devDependencies": { "ws": "8.23.0" }\n}\n';
  expect(await check(course({ ...SANDBOX, 'sandboxes/etag/tests/main.test.ts': spec, 'sandboxes/etag/package.json': pkg }))).toBe('');
});

test('check:sandboxes reports a package that is not installed as a problem, without a stack trace', () => {
  const made = writeCourse(course({ ...SANDBOX, 'sandboxes/etag/sandbox.yaml': `${SANDBOX['sandboxes/etag/sandbox.yaml']}dependencies: [left-pad-never-installed]\n` }));
  cleanup = made.cleanup;
  const run = spawnSync(process.execPath, [join(PROJECT, 'scripts/check-sandboxes.ts'), `--root=${made.root}`], { encoding: 'utf8', timeout: 60_000 });
  const output = run.stdout + run.stderr;
  expect(run.status).toBe(1);
  expect(output).toMatch(/Error in sandboxes\/etag\/sandbox\.yaml:4: The sandbox uses the package "left-pad-never-installed", but it is not installed/);
  expect(output).not.toMatch(/^\s+at /m);
});

test('the authoring guide lists the compiler options sandboxes are checked with', () => {
  const guide = readFileSync(join(PROJECT, 'src/pages/authoring.mdx'), 'utf8');
  for (const [option, value] of Object.entries(SANDBOX_COMPILER_OPTIONS)) expect(guide).toContain(`${option}: ${JSON.stringify(value).replaceAll('"', "'").replaceAll(',', ', ')}`);
});
