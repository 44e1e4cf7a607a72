import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { formatProblems } from '../../src/content/problems.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

/** Writes a project into a temp folder: keys are paths, values are contents; a key ending in "/" makes an empty folder. */
function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'brr-sandbox-load-'));
  cleanup = () => rmSync(root, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    if (path.endsWith('/')) {
      mkdirSync(join(root, path), { recursive: true });
      continue;
    }
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const YAML = `title: Conditional polling with ETag
description: Answer 304 when the ETag matches, and make the poller back off on errors.
entry: main.ts
`;

/** A complete, valid sandbox named `id`; `overrides` replace or add files (a value of null removes one). */
function sandbox(id: string, overrides: Record<string, string | null> = {}): Record<string, string> {
  const files: Record<string, string | null> = {
    [`sandboxes/${id}/sandbox.yaml`]: YAML,
    [`sandboxes/${id}/starter/main.ts`]: "import { poll } from './poller.ts';\nconsole.log(await poll());\n",
    [`sandboxes/${id}/starter/poller.ts`]: '// TODO: poll\nexport async function poll(): Promise<number> {\n  return 0;\n}\n',
    [`sandboxes/${id}/solution/poller.ts`]: 'export async function poll(): Promise<number> {\n  return 304;\n}\n',
    [`sandboxes/${id}/tests/poller.test.ts`]: "import { expect, test } from 'vitest';\nimport { poll } from '../poller.ts';\ntest('polls', async () => expect(await poll()).toBe(304));\n",
  };
  for (const [path, content] of Object.entries(overrides)) files[`sandboxes/${id}/${path}`] = content;
  return Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== null));
}

function problemsFor(files: Record<string, string>): string {
  return formatProblems(loadSandboxes(writeProject(files)).problems);
}

describe('loading valid sandboxes', () => {
  test('reads the files and fills in every default', () => {
    const { sandboxes, problems } = loadSandboxes(writeProject(sandbox('polling-etag')));
    expect(problems).toEqual([]);
    expect(sandboxes).toHaveLength(1);
    const [loaded] = sandboxes;
    expect(loaded?.id).toBe('polling-etag');
    expect(loaded?.file).toBe('sandboxes/polling-etag/sandbox.yaml');
    expect(loaded?.config).toEqual({
      title: 'Conditional polling with ETag',
      description: 'Answer 304 when the ETag matches, and make the poller back off on errors.',
      entry: 'main.ts',
      limits: { runSeconds: 10, testSeconds: 30 },
      webcontainer: true,
      graded: true,
      dependencies: [],
    });
    expect(loaded?.starterFiles).toEqual(['main.ts', 'poller.ts']);
    expect(loaded?.solutionFiles).toEqual(['poller.ts']);
    expect(loaded?.testFiles).toEqual(['poller.test.ts']);
    expect(loaded?.tabs, 'Without `files`, every starter file is an editable tab.').toEqual([
      { path: 'main.ts', readOnly: false },
      { path: 'poller.ts', readOnly: false },
    ]);
  });

  test('uses `files` for the tabs, in the order given, and reads nested starter files and test helpers', () => {
    const files = sandbox('long-polling-cursor', {
      'sandbox.yaml': `${YAML}files:\n  - path: lib/client.ts\n  - path: poller.ts\n  - path: main.ts\n    readOnly: true\nlimits:\n  testSeconds: 45\npreview:\n  port: 3000\ndependencies: [ws]\n`,
      'starter/lib/client.ts': 'export {};\n',
      'tests/helpers.ts': 'export const wait = 1;\n',
      'starter/.DS_Store': 'editor litter is ignored',
    });
    const { sandboxes, problems } = loadSandboxes(writeProject(files));
    expect(problems).toEqual([]);
    expect(sandboxes[0]?.tabs).toEqual([
      { path: 'lib/client.ts', readOnly: false },
      { path: 'poller.ts', readOnly: false },
      { path: 'main.ts', readOnly: true },
    ]);
    expect(sandboxes[0]?.starterFiles).toEqual(['lib/client.ts', 'main.ts', 'poller.ts']);
    expect(sandboxes[0]?.testFiles).toEqual(['helpers.ts', 'poller.test.ts']);
    expect(sandboxes[0]?.config.limits, 'A limit left out keeps its default.').toEqual({ runSeconds: 10, testSeconds: 45 });
    expect(sandboxes[0]?.config.preview).toEqual({ port: 3000, path: '/' });
    expect(sandboxes[0]?.config.dependencies).toEqual(['ws']);
  });

  test('a project without a sandboxes folder has no sandboxes and no problems', () => {
    expect(loadSandboxes(writeProject({ 'README.md': '# course\n' }))).toEqual({ sandboxes: [], problems: [] });
  });

  test('the real sandboxes in this project have no problems', () => {
    const { sandboxes, problems } = loadSandboxes(process.cwd());
    expect(formatProblems(problems)).toBe('');
    expect(sandboxes.map((loaded) => loaded.id)).toEqual(expect.arrayContaining(['header-overhead', 'polling-etag', 'long-polling-cursor', 'ndjson-stream', 'keepalive-cost']));
  });
});

describe('every authoring mistake gets a message with file, line, field and fix', () => {
  test('sandbox.yaml that is not valid YAML', () => {
    expect(problemsFor(sandbox('polling-etag', { 'sandbox.yaml': 'title: Polling\ndescription: "unclosed\nentry: main.ts\n' }))).toMatchInlineSnapshot(`
      "Error in sandboxes/polling-etag/sandbox.yaml:2: The file is not valid YAML: The text in double quotes that starts on this line is never closed, so YAML reads the rest of the file as part of it.
        How to fix: Add the closing " at the end of the text."
    `);
  });

  test('missing, mistyped and unknown fields', () => {
    const yaml = `description: Short.
entry: main.py
entrypoint: main.ts
limits:
  testSeconds: 2
  memory: 64
webcontainer: "yes"
dependencies: [ws, Not A Package]
`;
    expect(problemsFor(sandbox('polling-etag', { 'sandbox.yaml': yaml }))).toMatchInlineSnapshot(`
      "Error in sandboxes/polling-etag/sandbox.yaml:1 (field "title"): This required field is missing.
        How to fix: Write it like this: \`title: Conditional polling with ETag\`.

      Error in sandboxes/polling-etag/sandbox.yaml:1 (field "description"): It is too short: it needs at least 20 characters.
        How to fix: Write it like this: \`description: Answer 304 when the ETag matches, and make the poller back off on errors.\`.

      Error in sandboxes/polling-etag/sandbox.yaml:2 (field "entry"): The entry must be a .ts, .mts, .js or .mjs file, because Node runs it directly.
        How to fix: Write it like this: \`entry: main.ts\`.

      Error in sandboxes/polling-etag/sandbox.yaml:5 (field "limits.testSeconds"): It is the number 2, which is below the minimum of 5.
        How to fix: Write it like this: \`limits: { runSeconds: 20, testSeconds: 30 }\`.

      Error in sandboxes/polling-etag/sandbox.yaml:6 (field "limits.memory"): The field "memory" is not part of limits (a typo, perhaps?).
        How to fix: Remove it or rename it to one of the fields limits allows: runSeconds, testSeconds.

      Error in sandboxes/polling-etag/sandbox.yaml:7 (field "webcontainer"): It should be true or false, but it is the text "yes".
        How to fix: Write it like this: \`webcontainer: false\`.

      Error in sandboxes/polling-etag/sandbox.yaml:8 (field "dependencies.1"): It is not an npm package name (lower-case, optionally scoped like "@scope/name").
        How to fix: Write it like this: \`dependencies: [ws]\`.

      Error in sandboxes/polling-etag/sandbox.yaml:3 (field "entrypoint"): The field "entrypoint" is not part of the format (a typo, perhaps?).
        How to fix: Remove it or rename it to one of the known fields: title, description, entry, files, preview, limits, webcontainer, graded, dependencies."
    `);
  });

  test('paths that leave the starter folder, a preview path without a slash, and a tab listed twice', () => {
    const yaml = `${YAML.replace('entry: main.ts', 'entry: ../main.ts')}files:
  - path: poller.ts
  - path: /etc/passwd
  - path: poller.ts
preview:
  port: 3000
  path: index.html
`;
    expect(problemsFor(sandbox('polling-etag', { 'sandbox.yaml': yaml }))).toMatchInlineSnapshot(`
      "Error in sandboxes/polling-etag/sandbox.yaml:3 (field "entry"): It contains an empty, "." or ".." segment, so it could point outside the starter folder.
        How to fix: Write it like this: \`entry: main.ts\`.

      Error in sandboxes/polling-etag/sandbox.yaml:6 (field "files.1.path"): It is an absolute path, but paths here are relative to the starter folder.
        How to fix: Write it like this: \`files: [{ path: poller.ts }, { path: main.ts, readOnly: true }]\`.

      Error in sandboxes/polling-etag/sandbox.yaml:7 (field "files.2.path"): The file "poller.ts" is listed twice, so it would get two tabs.
        How to fix: Write it like this: \`files: [{ path: poller.ts }, { path: main.ts, readOnly: true }]\`.

      Error in sandboxes/polling-etag/sandbox.yaml:10 (field "preview.path"): It does not start with "/", but it is a path on the preview server.
        How to fix: Write it like this: \`preview: { port: 3000, path: / }\`."
    `);
  });

  test('a misspelt field inside a files item', () => {
    const yaml = `${YAML}files:\n  - path: poller.ts\n  - path: main.ts\n    readonly: true\n`;
    expect(problemsFor(sandbox('polling-etag', { 'sandbox.yaml': yaml }))).toMatchInlineSnapshot(`
      "Error in sandboxes/polling-etag/sandbox.yaml:7 (field "files.1.readonly"): The field "readonly" is not part of item 2 of files (a typo, perhaps?).
        How to fix: Remove it or rename it to one of the fields files allows: path, readOnly."
    `);
  });

  test('an entry and tabs that name no starter file, and a starter file no tab shows', () => {
    const yaml = `${YAML.replace('entry: main.ts', 'entry: index.ts')}files:
  - path: poller.ts
  - path: server.ts
`;
    expect(problemsFor(sandbox('polling-etag', { 'sandbox.yaml': yaml }))).toMatchInlineSnapshot(`
      "Error in sandboxes/polling-etag/sandbox.yaml:3 (field "entry"): The entry "index.ts" is not a file in sandboxes/polling-etag/starter/, so Run would have nothing to execute.
        How to fix: Add sandboxes/polling-etag/starter/index.ts, or point entry at one of the starter files: "main.ts", "poller.ts".

      Error in sandboxes/polling-etag/sandbox.yaml:6 (field "files.1.path"): The file "server.ts" is listed as a tab, but there is no sandboxes/polling-etag/starter/server.ts.
        How to fix: Fix the path (the starter files are "main.ts", "poller.ts"), or add the file to sandboxes/polling-etag/starter/.

      Warning in sandboxes/polling-etag/sandbox.yaml:4 (field "files"): sandboxes/polling-etag/starter/main.ts is not listed in files, so learners will not see it (it still runs).
        How to fix: Add \`- path: main.ts\` to files (with \`readOnly: true\` if learners should not change it), or remove the file if nothing needs it."
    `);
  });

  test('a tests folder that is missing, empty, or holds no spec', () => {
    expect(
      problemsFor({
        ...sandbox('no-tests', { 'tests/poller.test.ts': null }),
        ...sandbox('empty-tests', { 'tests/poller.test.ts': null, 'tests/': '' }),
        ...sandbox('no-specs', { 'tests/poller.test.ts': null, 'tests/poller.spec.js': 'test()' }),
      }),
    ).toMatchInlineSnapshot(`
      "Error in sandboxes/empty-tests/tests/: The tests/ folder is empty, but it holds the vitest specs that grade the exercise.
        How to fix: Put the files in sandboxes/empty-tests/tests/.

      Error in sandboxes/no-specs/tests/: The tests/ folder has no spec file ending in .test.ts (it holds "poller.spec.js"), so nothing would grade the exercise.
        How to fix: Name the specs like \`server.test.ts\`; other files in tests/ are helpers the specs may import.

      Error in sandboxes/no-tests/tests/: The sandbox has no tests/ folder, which holds the vitest specs that grade the exercise.
        How to fix: Create sandboxes/no-tests/tests/ and put the files in it."
    `);
  });

  test('a solution that is missing, empty, identical to the starter, or adds a file learners never see', () => {
    expect(
      problemsFor({
        ...sandbox('no-solution', { 'solution/poller.ts': null }),
        ...sandbox('empty-solution', { 'solution/poller.ts': null, 'solution/': '' }),
        ...sandbox('same-solution', { 'solution/poller.ts': '// TODO: poll\nexport async function poll(): Promise<number> {\n  return 0;\n}\n' }),
        ...sandbox('extra-solution', { 'solution/helper.ts': 'export const help = true;\n' }),
      }),
    ).toMatchInlineSnapshot(`
      "Error in sandboxes/empty-solution/solution/: The solution/ folder is empty, but it holds the files that solve the exercise (only those that differ from starter/).
        How to fix: Put the files in sandboxes/empty-solution/solution/.

      Error in sandboxes/extra-solution/solution/helper.ts: The solution file has no counterpart sandboxes/extra-solution/starter/helper.ts, so learners could never write it: they only edit the starter files.
        How to fix: Add sandboxes/extra-solution/starter/helper.ts (a version with TODO comments), or move this code into one of the starter files.

      Error in sandboxes/no-solution/solution/: The sandbox has no solution/ folder, which holds the files that solve the exercise (only those that differ from starter/).
        How to fix: Create sandboxes/no-solution/solution/ and put the files in it.

      Error in sandboxes/same-solution/solution/poller.ts: The solution file is identical to sandboxes/same-solution/starter/poller.ts, so it solves nothing; solution/ holds only the files that differ.
        How to fix: Delete sandboxes/same-solution/solution/poller.ts if the starter version is already right, or put the finished code in it."
    `);
  });

  test('a folder without sandbox.yaml or starter files, a folder name that is not an id, and a stray file', () => {
    expect(
      problemsFor({
        ...sandbox('no-config', { 'sandbox.yaml': null }),
        ...sandbox('no-starter', { 'starter/main.ts': null, 'starter/poller.ts': null, 'solution/poller.ts': null }),
        ...sandbox('Polling_ETag'),
        'sandboxes/notes.md': 'ideas\n',
      }),
    ).toMatchInlineSnapshot(`
      "Error in sandboxes/Polling_ETag: The folder name "Polling_ETag" is not a valid sandbox id, and lessons refer to sandboxes by that id.
        How to fix: Rename the folder with lower-case letters, digits and single hyphens, like \`polling-etag\`.

      Error in sandboxes/no-config: This sandbox folder has no sandbox.yaml, so it has no title, description or entry file.
        How to fix: Create sandboxes/no-config/sandbox.yaml with at least these fields:
          title: Conditional polling with ETag
          description: Answer 304 when the ETag matches, and make the poller back off on errors.
          entry: main.ts

      Error in sandboxes/no-starter/starter/: The sandbox has no starter/ folder, which holds every file the learner starts from.
        How to fix: Create sandboxes/no-starter/starter/ and put the files in it.

      Warning in sandboxes/notes.md: Files directly inside sandboxes/ are not part of any sandbox and are ignored.
        How to fix: Move the file into a sandbox folder such as sandboxes/polling-etag/, or delete it."
    `);
  });

  test('a starter with its own tests folder, which grading would overwrite', () => {
    expect(problemsFor(sandbox('polling-etag', { 'starter/tests/mine.test.ts': 'test()' }))).toMatchInlineSnapshot(`
      "Error in sandboxes/polling-etag/starter/tests/: The starter has a tests/ folder, but the sandbox's own tests/ are copied to that place when it is graded.
        How to fix: Move the specs to sandboxes/polling-etag/tests/ and remove the folder from starter/."
    `);
  });

  test('a sandbox with any error is left out; the others still load', () => {
    const { sandboxes } = loadSandboxes(writeProject({ ...sandbox('good-one'), ...sandbox('bad-one', { 'tests/poller.test.ts': null }) }));
    expect(sandboxes.map((loaded) => loaded.id)).toEqual(['good-one']);
  });
});
