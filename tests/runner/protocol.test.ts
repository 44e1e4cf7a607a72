import { describe, expect, test } from 'vitest';
import { fileFolderClash, filePathProblem } from '../../src/runner/file-paths.ts';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/runner/limits.ts';
import { parseClientMessage, type ParseResult } from '../../src/runner/protocol.ts';

const limits = { ...DEFAULT_LIMITS, maxFiles: 3, maxFileBytes: 10, maxTotalFileBytes: 15, maxMessageBytes: 1000 };

function parse(message: unknown): ParseResult {
  return parseClientMessage(typeof message === 'string' ? message : JSON.stringify(message), limits);
}

/** The error sentence for a message that must be refused; fails the test if it is accepted. */
function refusal(message: unknown): string {
  const result = parse(message);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(message)}`);
  return `${result.error.code}: ${result.error.message}`;
}

const run = { type: 'run', runId: 'r1', files: { 'main.ts': 'x' }, entry: 'main.ts' };

describe('valid messages', () => {
  test('a run keeps its files, entry, command and env', () => {
    const result = parse({ ...run, command: 'node', env: { PORT: '8080' } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.message).toEqual({ ...run, command: 'node', env: { PORT: '8080' } });
  });

  test('stdin, stop and test messages are accepted', () => {
    expect(parse({ type: 'stdin', runId: 'r1', data: 'hi\n', end: true })).toEqual({
      ok: true,
      message: { type: 'stdin', runId: 'r1', data: 'hi\n', end: true },
    });
    expect(parse({ type: 'stop', runId: 'a.b:c-1_2' })).toEqual({ ok: true, message: { type: 'stop', runId: 'a.b:c-1_2' } });
    const result = parse({ type: 'test', runId: 't', files: { 'a.ts': '1' }, testFiles: { 'a.test.ts': '2' } });
    expect(result.ok && result.message).toEqual({
      type: 'test',
      runId: 't',
      files: { 'a.ts': '1' },
      testFiles: { 'a.test.ts': '2' },
    });
  });

  test('a file named __proto__ stays an ordinary file', () => {
    const result = parseClientMessage('{"type":"run","runId":"r","entry":"a.ts","files":{"__proto__":"p","a.ts":""}}', limits);
    expect(result.ok).toBe(true);
    if (!result.ok || result.message.type !== 'run') return;
    expect(Object.keys(result.message.files)).toEqual(['__proto__', 'a.ts']);
    expect(result.message.files['__proto__']).toBe('p');
  });
});

describe('refused messages say what is wrong and how to fix it', () => {
  test('not JSON, not an object, no type, unknown type, unknown field', () => {
    expect(refusal('{"type": "run",')).toMatchInlineSnapshot(`"E_BAD_JSON: The message is not valid JSON (Expected double-quoted property name in JSON at position 15 (line 1 column 16)). Send exactly one JSON object per WebSocket text message."`);
    expect(refusal([1, 2])).toMatchInlineSnapshot(`"E_BAD_MESSAGE: The message must be a JSON object such as {"type":"run", …}, but it is an array."`);
    expect(refusal({ runId: 'r' })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: The message has no "type" field. Add one of: "run", "test", "stdin", "stop"."`);
    expect(refusal({ type: 'exec', runId: 'r' })).toMatchInlineSnapshot(`"E_UNKNOWN_TYPE: The message type "exec" is unknown. Use one of: "run", "test", "stdin", "stop"."`);
    expect(refusal({ ...run, comand: 'node' })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: A "run" message has no field "comand". Remove it; the allowed fields are: type, runId, files, entry, command, env, timeLimitMs, wire."`);
  });

  test('wrong field types', () => {
    expect(refusal({ ...run, runId: 7 })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "runId" of a "run" message must be 1 to 64 letters, digits, ".", "_", ":" or "-", but it is the number 7. Give every run its own id, such as "run-1"."`);
    expect(refusal({ ...run, runId: 'has space' })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "runId" of a "run" message must be 1 to 64 letters, digits, ".", "_", ":" or "-", but it is the string "has space". Give every run its own id, such as "run-1"."`);
    expect(refusal({ ...run, files: ['main.ts'] })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "files" of a "run" message must be an object that maps file names to their text, such as {"server.ts": "…"}, but it is an array."`);
    expect(refusal({ ...run, files: { 'main.ts': 42 } })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: The content of file "main.ts" in field "files" must be a string, but it is the number 42. Send the file's text."`);
    expect(refusal({ ...run, entry: undefined })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "entry" of a "run" message must be the name of the file to run, such as "server.ts", but it is missing."`);
    expect(refusal({ ...run, command: 'deno' })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "command" of a "run" message must be "node" or "test", but it is the string "deno". Leave it out to run the entry with Node."`);
    expect(refusal({ type: 'stdin', runId: 'r1' })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "data" of a "stdin" message must be a string of text to write to the program's standard input, but it is missing."`);
    expect(refusal({ type: 'stdin', runId: 'r1', data: '', end: 'yes' })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "end" of a "stdin" message must be true (to close standard input after \`data\`) or false, but it is the string "yes"."`);
    expect(refusal({ type: 'test', runId: 't', files: {}, testFiles: {} })).toMatchInlineSnapshot(`"E_BAD_MESSAGE: Field "testFiles" of a "test" message has no spec file (a name ending in .test.ts or .spec.ts). Add at least one vitest spec, such as {"server.test.ts": "…"}."`);
  });

  test('the runId of a refused message is returned so the browser can match it', () => {
    const result = parse({ ...run, entry: 'missing.ts' });
    expect(result.ok === false && result.error.runId).toBe('r1');
    const anonymous = parse({ ...run, runId: '' });
    expect(anonymous.ok === false && 'runId' in anonymous.error).toBe(false);
  });

  test('file names that could leave the sandbox folder', () => {
    const named = (name: string) => refusal({ ...run, files: { [name]: 'x', 'main.ts': 'x' } });
    expect(named('../x')).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file name "../x" in field "files" has a ".." segment, which would point outside the sandbox folder. Use a path relative to the sandbox folder, such as "src/server.ts"."`);
    expect(named('/etc/passwd')).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file name "/etc/passwd" in field "files" is an absolute path. Use a path relative to the sandbox folder, such as "src/server.ts"."`);
    expect(named('a/../../b')).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file name "a/../../b" in field "files" has a ".." segment, which would point outside the sandbox folder. Use a path relative to the sandbox folder, such as "src/server.ts"."`);
    expect(named('a\u0000b')).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file name "a\\u0000b" in field "files" contains a NUL character, which no file name may contain. Use a path relative to the sandbox folder, such as "src/server.ts"."`);
    expect(named('a\\b')).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file name "a\\\\b" in field "files" contains a backslash; folders are separated with forward slashes ("/"). Use a path relative to the sandbox folder, such as "src/server.ts"."`);
    expect(named('a//b')).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file name "a//b" in field "files" has an empty segment (a leading, trailing or doubled "/"). Use a path relative to the sandbox folder, such as "src/server.ts"."`);
    expect(named('node_modules/ws/index.js')).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file name "node_modules/ws/index.js" in field "files" starts with "node_modules", which the runner reserves for the project's installed packages. Use a path relative to the sandbox folder, such as "src/server.ts"."`);
  });

  test('entry problems', () => {
    expect(refusal({ ...run, entry: 'missing.ts' })).toMatchInlineSnapshot(`"E_BAD_ENTRY: Field "entry" names "missing.ts", which is not among the files. Add it to "files" or pick one of: "main.ts"."`);
    expect(refusal({ ...run, files: { 'README.md': '#' }, entry: 'README.md' })).toMatchInlineSnapshot(`"E_BAD_ENTRY: Field "entry" names "README.md", which Node cannot run. Pick a file ending in .ts, .mts, .cts, .js, .mjs, .cjs."`);
    expect(refusal({ ...run, files: {}, entry: 'main.ts' })).toMatchInlineSnapshot(`"E_BAD_ENTRY: Field "entry" names "main.ts", which is not among the files. The "files" field is empty; add the file to it."`);
  });

  test('size limits', () => {
    expect(refusal({ ...run, files: { 'a.ts': '', 'b.ts': '', 'c.ts': '', 'main.ts': '' } })).toMatchInlineSnapshot(`"E_FILES_TOO_LARGE: The run has 4 files, more than the limit of 3. Remove files the program does not need."`);
    expect(refusal({ ...run, files: { 'main.ts': 'x'.repeat(11) } })).toMatchInlineSnapshot(`"E_FILES_TOO_LARGE: The file "main.ts" is 11 bytes, more than the limit of 10 bytes per file. Shorten it or split it into several files."`);
    expect(refusal({ ...run, files: { 'main.ts': 'x'.repeat(8), 'b.ts': 'é'.repeat(4) } })).toMatchInlineSnapshot(`"E_FILES_TOO_LARGE: The files of this run add up to 16 bytes, more than the limit of 15 bytes. Remove files the program does not need."`);
    expect(refusal({ ...run, files: { 'main.ts': 'x'.repeat(2000) } })).toMatchInlineSnapshot(`"E_MESSAGE_TOO_LARGE: The message is 2068 bytes, more than the limit of 1000 bytes. Send fewer or smaller files."`);
  });

  test('clashing names', () => {
    expect(refusal({ ...run, files: { 'main.ts': '', lib: '', 'lib/a.ts': '' } })).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The name "lib" is used both as a file and as the folder of "lib/a.ts". Rename one of them."`);
    expect(
      refusal({ type: 'test', runId: 't', files: { 'a.test.ts': '' }, testFiles: { 'a.test.ts': '' } }),
    ).toMatchInlineSnapshot(`"E_BAD_FILE_NAME: The file "a.test.ts" appears in both "files" and "testFiles". Give the test file a name of its own."`);
  });

  test('environment variables', () => {
    expect(refusal({ ...run, env: { NODE_OPTIONS: '--inspect' } })).toMatchInlineSnapshot(`"E_BAD_ENV: The environment variable NODE_OPTIONS is reserved: the runner uses it to enforce its limits. Remove it from "env"."`);
    expect(refusal({ ...run, env: { BRR_RUN_TAG: 'x' } })).toMatchInlineSnapshot(`"E_BAD_ENV: The environment variable BRR_RUN_TAG is reserved: the runner uses it to enforce its limits. Remove it from "env"."`);
    expect(refusal({ ...run, env: { '1PORT': '1' } })).toMatchInlineSnapshot(`"E_BAD_ENV: The environment variable name "1PORT" is not allowed. Use letters, digits and "_", not starting with a digit, such as "PORT"."`);
    expect(refusal({ ...run, env: { PORT: 8080 } })).toMatchInlineSnapshot(`"E_BAD_ENV: The value of environment variable PORT must be a string of at most 4096 characters without NUL characters, but it is the number 8080."`);
  });
});

describe('file names', () => {
  test.each(['server.ts', 'src/lessons/a.ts', '.env', 'a..b.ts', '...', '__proto__', 'dir/node_modules/x.ts', 'é.ts'])(
    'accepts %j',
    (name) => {
      expect(filePathProblem(name)).toBeUndefined();
    },
  );

  test.each(['', '.', '..', 'a/.', './a', 'a/', '/a', 'a\u0000', 'a\nb', 'C:\\x', 'node_modules', 'x'.repeat(201), 'a/'.repeat(16) + 'b'])(
    'refuses %j',
    (name) => {
      expect(filePathProblem(name)).toBeTypeOf('string');
    },
  );

  test('a name used as both file and folder is found', () => {
    expect(fileFolderClash(['a.ts', 'b/c.ts', 'b'])).toEqual({ file: 'b', nested: 'b/c.ts' });
    expect(fileFolderClash(['a.ts', 'b/c.ts', 'bc'])).toBeUndefined();
  });
});

describe('limits', () => {
  test('overrides replace defaults and are checked', () => {
    expect(resolveLimits({ maxProcesses: 3 }).maxProcesses).toBe(3);
    expect(resolveLimits().runWallTimeMs).toBe(DEFAULT_LIMITS.runWallTimeMs);
    expect(() => resolveLimits({ maxProcesses: 0 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: Runner limit "maxProcesses" must be a positive whole number, but it is 0. Leave it out to use the default (10).]`);
    expect(() => resolveLimits({ maxProcess: 3 } as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Unknown runner limit "maxProcess". Use one of: runWallTimeMs, maxRunWallTimeMs, testWallTimeMs, outputBytes, heapMiB, rssBytes, maxProcesses, maxRunsPerConnection, maxRunsGlobal, maxFiles, maxFileBytes, maxTotalFileBytes, maxMessageBytes, watchdogIntervalMs, stdinBufferBytes, shmBytes, maxConnections, idleConnectionMs, longRunMs, maxLongRunsPerConnection, maxLongRunsGlobal.]`);
  });
});
