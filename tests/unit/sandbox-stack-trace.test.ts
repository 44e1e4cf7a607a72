import { describe, expect, test } from 'vitest';
import { cleanTrace, looksLikeTrace, splitLocations } from '../../src/sandbox/stack-trace.ts';

// Captured from the local runner on Node 22.23.3 (the folder names are random per run).
const THROWN = `file:///tmp/brr-runner-umoNce/brr-run-Fm0cEq/work/lib.ts:3
  return o.x;
           ^

TypeError: Cannot read properties of undefined (reading 'x')
    at f (file:///tmp/brr-runner-umoNce/brr-run-Fm0cEq/work/lib.ts:3:12)
    at file:///tmp/brr-runner-umoNce/brr-run-Fm0cEq/work/server.ts:2:1
    at ModuleJob.run (node:internal/modules/esm/module_job:343:25)
    at async onImport.tracePromise.__proto__ (node:internal/modules/esm/loader:681:26)
    at async asyncRunEntryPointWithESMLoader (node:internal/modules/run_main:117:5)

Node.js v22.23.3
`;

const SYNTAX = `node:internal/modules/run_main:123
    triggerUncaughtException(
    ^

file:///tmp/brr-runner-umoNce/brr-run-u6c1s6/work/server.ts:2
const a = 1;
const b = ;
          ^

SyntaxError [ERR_INVALID_TYPESCRIPT_SYNTAX]: Expression expected
    at parseTypeScript (node:internal/modules/typescript:67:36)
    at processTypeScriptCode (node:internal/modules/typescript:133:42)
    at ModuleLoader.getModuleJobForImport (node:internal/modules/esm/loader:321:41) {
  code: 'ERR_INVALID_TYPESCRIPT_SYNTAX'
}

Node.js v22.23.3
`;

const MISSING_FILE = `node:internal/modules/esm/resolve:275
    throw new ERR_MODULE_NOT_FOUND(
          ^

Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/tmp/brr-runner-umoNce/brr-run-CoIuMO/work/helper.ts' imported from /tmp/brr-runner-umoNce/brr-run-CoIuMO/work/server.ts
    at finalizeResolution (node:internal/modules/esm/resolve:275:11)
    at ModuleJob._link (node:internal/modules/esm/module_job:182:49) {
  code: 'ERR_MODULE_NOT_FOUND',
  url: 'file:///tmp/brr-runner-umoNce/brr-run-CoIuMO/work/helper.ts'
}

Node.js v22.23.3
`;

const MISSING_PACKAGE = `node:internal/modules/package_json_reader:314
  throw new ERR_MODULE_NOT_FOUND(packageName, fileURLToPath(base), null);
        ^

Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'expresso' imported from /tmp/brr-runner-umoNce/brr-run-P2WgLl/work/server.ts
    at Object.getPackageJSONURL (node:internal/modules/package_json_reader:314:9)
    at ModuleJob._link (node:internal/modules/esm/module_job:182:49) {
  code: 'ERR_MODULE_NOT_FOUND'
}

Node.js v22.23.3
`;

const ENUM = `node:internal/modules/run_main:123
    triggerUncaughtException(
    ^

file:///tmp/brr-runner-umoNce/brr-run-XuAtot/work/server.ts:1
enum A { B }
^^^^^^^^^^^^
console.log(A.B);

SyntaxError [ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX]: TypeScript enum is not supported in strip-only mode
    at parseTypeScript (node:internal/modules/typescript:63:40) {
  code: 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX'
}

Node.js v22.23.3
`;

const files = { 'server.ts': "import { x } from './helper.ts';\nimport express from 'expresso';\n", 'lib.ts': '' };

describe('cleanTrace', () => {
  test('a thrown error: runner paths cut, Node frames hidden, the learner frames kept, the throwing line first', () => {
    const clean = cleanTrace(THROWN, files);
    expect(clean.text).toBe(
      "lib.ts:3\n  return o.x;\n           ^\n\nTypeError: Cannot read properties of undefined (reading 'x')\n    at f (lib.ts:3:12)\n    at server.ts:2:1\n",
    );
    expect(clean.hiddenFrames).toBe(3);
    expect(clean.location).toEqual({ path: 'lib.ts', line: 3 });
    expect(clean.explanation).toBeUndefined();
  });

  test('a syntax error from type stripping: a plain sentence with the file and line, no Node internals', () => {
    const clean = cleanTrace(SYNTAX, files);
    expect(clean.text).not.toMatch(/node:internal|brr-run|triggerUncaughtException|code: '|Node\.js v/);
    expect(clean.text).toMatch(/^server\.ts:2\nconst a = 1;\nconst b = ;\n {10}\^\n\nSyntaxError \[ERR_INVALID_TYPESCRIPT_SYNTAX\]: Expression expected\n$/);
    expect(clean.location).toEqual({ path: 'server.ts', line: 2 });
    expect(clean.explanation).toBe('Syntax error in server.ts on line 2: Expression expected. Nothing ran, because Node could not read the file; the ^ marks where it stopped.');
  });

  test('TypeScript that Node cannot strip says what to write instead', () => {
    const clean = cleanTrace(ENUM, files);
    expect(clean.location).toEqual({ path: 'server.ts', line: 1 });
    expect(clean.explanation).toMatch(/^Node cannot run this TypeScript in server\.ts on line 1: TypeScript enum is not supported in strip-only mode\. .*plain object/);
  });

  test('a missing file names the importer, the file, and lands on the import line', () => {
    const clean = cleanTrace(MISSING_FILE, files);
    expect(clean.text).toBe("Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'helper.ts' imported from server.ts\n");
    expect(clean.explanation).toMatch(/^server\.ts imports helper\.ts, but there is no such file\./);
    expect(clean.location).toEqual({ path: 'server.ts', line: 1 });
  });

  test('a missing package names the package and lands on its import line', () => {
    const clean = cleanTrace(MISSING_PACKAGE, files);
    expect(clean.explanation).toBe('server.ts imports the package "expresso", which this sandbox does not have. Check its spelling against the lesson\'s imports.');
    expect(clean.location).toEqual({ path: 'server.ts', line: 2 });
  });

  test('locations outside the sandbox files are not offered as links', () => {
    const clean = cleanTrace(THROWN, { 'server.ts': '' });
    expect(clean.location).toEqual({ path: 'server.ts', line: 2, column: 1 });
  });
});

describe('looksLikeTrace and splitLocations', () => {
  test('only output with frames, Node internals or runner paths is cleaned', () => {
    expect(looksLikeTrace(THROWN)).toBe(true);
    expect(looksLikeTrace(MISSING_PACKAGE)).toBe(true);
    expect(looksLikeTrace('listening on 3000\nat noon we close\n')).toBe(false);
  });

  test('splits text into plain runs and sandbox-file locations', () => {
    expect(splitLocations('    at f (lib.ts:3:12)\n    at x (other.ts:1:1)\n', (path) => path === 'lib.ts')).toEqual([
      '    at f (',
      { text: 'lib.ts:3:12', path: 'lib.ts', line: 3, column: 12 },
      ')\n    at x (other.ts:1:1)\n',
    ]);
  });
});

describe('Check results point at the learner\'s code', () => {
  const failure =
    'AssertionError: expected 2 to be 3\n' +
    '    at add (/tmp/brr-runner-a/brr-run-b/work/math.ts:4:9)\n' +
    '    at /tmp/brr-runner-a/brr-run-b/work/tests/math.test.ts:6:10\n' +
    '    at file:///tmp/brr-runner-a/brr-run-b/work/node_modules/@vitest/runner/dist/index.js:155:11\n' +
    '    at runTest (node:internal/process/task_queues:105:5)\n';

  test('a failure message keeps the learner frames, relative, and loses Node and package frames', async () => {
    const { trimFailureMessage } = await import('../../src/sandbox/test-report.ts');
    expect(trimFailureMessage(failure)).toBe('AssertionError: expected 2 to be 3\n    at add (math.ts:4:9)\n    at tests/math.test.ts:6:10');
  });

  test('formatTestReport gives a failed test the first location in the learner\'s files', async () => {
    const { formatTestReport } = await import('../../src/sandbox/output-format.ts');
    const report = { success: false, passed: 0, failed: 1, total: 1, output: '', durationMs: 5, tests: [{ name: 'adds', status: 'failed' as const, message: failure }] };
    const view = formatTestReport(report, undefined, (path) => path === 'math.ts');
    expect(view.items[0]!.location).toEqual({ path: 'math.ts', line: 4, column: 9 });
    expect(view.items[0]!.message).toBe('AssertionError: expected 2 to be 3');
    expect(formatTestReport(report).items[0]!.location).toBeUndefined();
  });
});
