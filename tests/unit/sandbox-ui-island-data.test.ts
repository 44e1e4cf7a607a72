import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exerciseAssets, findSandbox, islandDataFor, pageIslandData, serializeForScript } from '../../src/sandbox/island-data.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A project with two real sandbox folders (one broken) and the real node_modules linked in. */
let root: string;
function write(path: string, content: string): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'island-data-'));
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  write('sandboxes/echo-server/sandbox.yaml', [
    'title: Echo server',
    'description: Answer every request with its own body, so the client sees what it sent.',
    'entry: main.ts',
    'files:',
    '  - path: server.ts',
    '  - path: main.ts',
    '    readOnly: true',
    'preview: { port: 3000 }',
    'limits: { runSeconds: 20 }',
    'dependencies: [ws]',
  ].join('\n'));
  write('sandboxes/echo-server/starter/server.ts', '// TODO: echo the body\nexport const echo = (body: string): string => "";\n');
  write('sandboxes/echo-server/starter/main.ts', "import { echo } from './server.ts';\nconsole.log(echo('hi </script>'));\n");
  write('sandboxes/echo-server/starter/util.ts', 'export const unused = 1;\n');
  write('sandboxes/echo-server/solution/server.ts', 'export const echo = (body: string): string => body;\n');
  write('sandboxes/echo-server/tests/echo.test.ts', "import { expect, test } from 'vitest';\nimport { echo } from '../server.ts';\ntest('echoes', () => expect(echo('a')).toBe('a'));\n");
  write('sandboxes/echo-server/tests/helper.ts', 'export const sample = "a";\n');
  write('sandboxes/broken-one/sandbox.yaml', 'title: Broken\ndescription: This sandbox has no starter folder at all, so it cannot load.\nentry: main.ts\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findSandbox', () => {
  test('an unknown id names the id and lists the sandboxes that exist', () => {
    const loaded = loadSandboxes(root);
    expect(() => findSandbox('echo-sever', loaded, 'The lesson lessons/01-foundations/02-polling.mdx')).toThrowErrorMatchingInlineSnapshot(
      `[UnknownSandboxError: The lesson lessons/01-foundations/02-polling.mdx uses <Sandbox id="echo-sever" />, but there is no sandbox "echo-sever" (no folder sandboxes/echo-sever/). The sandboxes that exist are: echo-server. Fix the id, or create sandboxes/echo-sever/ with sandbox.yaml, starter/, solution/ and tests/ (see the authoring guide at /authoring/, section "Sandboxes").]`,
    );
  });

  test('a folder that exists but did not load shows its own problems instead', () => {
    const loaded = loadSandboxes(root);
    let message = '';
    try {
      findSandbox('broken-one', loaded);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^A lesson uses <Sandbox id="broken-one" \/>, but sandboxes\/broken-one\/ has \d+ problems to fix first:/);
    expect(message).toContain('sandboxes/broken-one/starter/');
    expect(message).toContain('How to fix:');
  });

  test('no sandboxes at all says so', () => {
    expect(() => findSandbox('x', { sandboxes: [], problems: [] })).toThrow(/There are no sandboxes yet/);
  });
});

describe('islandDataFor', () => {
  test('hands the island the settings, every starter file, the full solution, the tests and the type bundles', () => {
    const sandbox = findSandbox('echo-server', loadSandboxes(root));
    const data = islandDataFor(sandbox, 'polling', { root, base: '/' });
    expect(data.sandboxId).toBe('echo-server');
    expect(data.lessonId).toBe('polling');
    expect(data.meta).toEqual({
      title: 'Echo server',
      description: 'Answer every request with its own body, so the client sees what it sent.',
      entry: 'main.ts',
      files: [
        { path: 'server.ts', readOnly: false },
        { path: 'main.ts', readOnly: true },
      ],
      preview: { port: 3000, path: '/' },
      limits: { runSeconds: 20, testSeconds: 30 },
      dependencies: ['ws'],
      webcontainer: true,
      graded: true,
    });
    // Files that are not tabs still run, so they travel too.
    expect(Object.keys(data.starter).sort()).toEqual(['main.ts', 'server.ts', 'util.ts']);
    // The solution is complete on its own: changed files from solution/, the rest from starter/.
    expect(data.solution['server.ts']).toBe('export const echo = (body: string): string => body;\n');
    expect(data.solution['main.ts']).toBe(data.starter['main.ts']);
    expect(data.solution['util.ts']).toBe(data.starter['util.ts']);
    expect(Object.keys(data.tests).sort()).toEqual(['tests/echo.test.ts', 'tests/helper.ts']);
    expect(data.typeBundles).toEqual(['/sandbox-types/types__node.json', '/sandbox-types/undici-types.json', '/sandbox-types/types__ws.json']);
  });

  test('type bundle URLs follow the site base', () => {
    const sandbox = findSandbox('echo-server', loadSandboxes(root));
    expect(islandDataFor(sandbox, 'polling', { root, base: '/course' }).typeBundles[0]).toBe('/course/sandbox-types/types__node.json');
  });
});

describe('pageIslandData', () => {
  test('leaves the solution and tests out of the page and points at their static file under the base', () => {
    const data = islandDataFor(findSandbox('echo-server', loadSandboxes(root)), 'polling', { root, base: '/course' });
    const page = pageIslandData(data, '/course');
    expect(page).not.toHaveProperty('solution');
    expect(page).not.toHaveProperty('tests');
    expect(page.assetsUrl).toBe('/course/sandbox-assets/echo-server.json');
    expect(page.starter).toEqual(data.starter);
    expect(exerciseAssets(data)).toEqual({ solution: data.solution, tests: data.tests });
    expect(pageIslandData(data, '/').assetsUrl).toBe('/sandbox-assets/echo-server.json');
  });
});

describe('serializeForScript', () => {
  test('file contents cannot end the <script> element early, and the JSON reads back unchanged', () => {
    const data = { 'main.ts': 'console.log("</script><script>alert(1)</script> <!-- x")\u2028' };
    const text = serializeForScript(data);
    expect(text).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(text)).toEqual(data);
  });
});
