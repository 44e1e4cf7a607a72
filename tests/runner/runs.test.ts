import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { runFolders, startTestServer, TestClient, type TestServer } from './helpers.ts';

let server: TestServer;
let client: TestClient;

beforeAll(async () => {
  server = await startTestServer({ maxRunsPerConnection: 20, maxRunsGlobal: 20 });
  client = await TestClient.connect(server.url);
});
afterAll(async () => {
  await client.close();
  await server.dispose();
});

describe('running TypeScript', () => {
  test('a TypeScript entry runs with types stripped, in its own folder, and reports its exit code', async () => {
    client.send({
      type: 'run',
      runId: 'hello',
      entry: 'src/main.ts',
      files: {
        'src/main.ts': [
          "import { greet } from './greet.ts';",
          'const who: string = process.argv.length > 0 ? "runner" : "";',
          'console.log(greet(who));',
          "console.error('to stderr');",
          'process.exitCode = 3;',
        ].join('\n'),
        'src/greet.ts': 'export function greet(name: string): string { return `hello, ${name}`; }',
      },
    });
    const exit = await client.exit('hello');
    expect(exit).toMatchObject({ code: 3, signal: null, reason: 'exit' });
    expect(client.output('hello')).toBe('hello, runner\n');
    expect(client.output('hello', 'stderr')).toBe('to stderr\n');
    const kinds = client.of('hello').map((message) => message.type);
    expect(kinds[0]).toBe('started');
    expect(kinds.at(-1)).toBe('exit');
    // No ExperimentalWarning or other runner noise in the learner's stderr.
    expect(client.output('hello', 'stderr')).not.toContain('Warning');
  });

  test('the environment is the learner\'s variables plus the basics, not the runner\'s own', async () => {
    process.env.RUNNER_TEST_SECRET = 'do-not-leak';
    try {
      client.send({
        type: 'run',
        runId: 'env',
        entry: 'env.ts',
        env: { GREETING: 'hi there' },
        files: {
          'env.ts': [
            "import { readFileSync } from 'node:fs';",
            "const cpu = /^Max cpu time\\s+(\\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];",
            'console.log(JSON.stringify({',
            '  greeting: process.env.GREETING,',
            '  secret: process.env.RUNNER_TEST_SECRET ?? null,',
            '  home: process.env.HOME === process.cwd(),',
            '  heap: process.env.NODE_OPTIONS,',
            '  version: process.version,',
            '  cpu,',
            '}));',
          ].join('\n'),
        },
      });
      await client.exit('env');
      const seen = JSON.parse(client.output('env')) as Record<string, unknown>;
      expect(seen).toEqual({
        greeting: 'hi there',
        secret: null,
        home: true,
        heap: `--max-old-space-size=128 --disable-warning=ExperimentalWarning --import=${new URL('../../src/runner/preload/loopback-default.mjs', import.meta.url).href}`,
        version: process.version,
        // The kernel's CPU-time backstop: twice the 10 s wall time, plus one.
        cpu: '21',
      });
    } finally {
      delete process.env.RUNNER_TEST_SECRET;
    }
  });

  test('a syntax error is reported on stderr with a non-zero exit', async () => {
    client.send({ type: 'run', runId: 'broken', entry: 'bad.ts', files: { 'bad.ts': 'const = ;' } });
    const exit = await client.exit('broken');
    expect(exit).toMatchObject({ code: 1, reason: 'exit' });
    expect(client.output('broken', 'stderr')).toContain('SyntaxError');
  });

  test('multi-byte characters split across output chunks arrive intact', async () => {
    client.send({
      type: 'run',
      runId: 'utf8',
      entry: 'u.ts',
      // 'é' is two bytes; writing the bytes one at a time splits every character across chunks.
      files: {
        'u.ts':
          "const bytes = Buffer.from('é€😀'.repeat(50));\n" +
          'for (const byte of bytes) { process.stdout.write(Buffer.from([byte])); await new Promise((r) => setImmediate(r)); }',
      },
    });
    await client.exit('utf8');
    expect(client.output('utf8')).toBe('é€😀'.repeat(50));
  });
});

describe('standard input', () => {
  test('stdin is delivered, and end closes it', async () => {
    client.send({
      type: 'run',
      runId: 'stdin',
      entry: 'upper.ts',
      files: {
        'upper.ts': [
          "import { createInterface } from 'node:readline';",
          'const lines = createInterface({ input: process.stdin });',
          "console.log('ready');",
          'for await (const line of lines) console.log(line.toUpperCase());',
          "console.log('eof');",
        ].join('\n'),
      },
    });
    await client.next((message) => message.type === 'output' && message.runId === 'stdin' && message.data.includes('ready'));
    client.send({ type: 'stdin', runId: 'stdin', data: 'first line\nsec' });
    client.send({ type: 'stdin', runId: 'stdin', data: 'ond line\n', end: true });
    const exit = await client.exit('stdin');
    expect(exit.reason).toBe('exit');
    expect(client.output('stdin')).toBe('ready\nFIRST LINE\nSECOND LINE\neof\n');
  });

  test('stdin after end, or for an unknown run, is refused', async () => {
    client.send({ type: 'run', runId: 'wait', entry: 'w.ts', files: { 'w.ts': 'setTimeout(() => {}, 5000);' } });
    await client.next((message) => message.type === 'started' && message.runId === 'wait');
    client.send({ type: 'stdin', runId: 'wait', data: '', end: true });
    const closed = await client.sendExpectingError({ type: 'stdin', runId: 'wait', data: 'more' });
    expect(closed).toMatchInlineSnapshot(`
      {
        "code": "E_STDIN_CLOSED",
        "message": "The standard input of run "wait" is already closed (a previous message had "end": true). Start a new run to send more input.",
        "runId": "wait",
        "type": "error",
      }
    `);
    client.send({ type: 'stop', runId: 'wait' });
    await client.exit('wait');
    const unknown = await client.sendExpectingError({ type: 'stdin', runId: 'wait', data: 'late' });
    expect(unknown).toMatchInlineSnapshot(`
      {
        "code": "E_UNKNOWN_RUN",
        "message": "There is no run "wait" going on this connection to send input to; it may have exited already. Use the runId of a run that has sent "started" and not yet "exit".",
        "runId": "wait",
        "type": "error",
      }
    `);
  });
});

describe('servers inside a run', () => {
  test('a TypeScript WebSocket server built on ws reports its port and a real client can talk to it', async () => {
    client.send({
      type: 'run',
      runId: 'ws-server',
      entry: 'server.ts',
      files: {
        'server.ts': [
          "import { WebSocketServer, type WebSocket } from 'ws';",
          'const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });',
          "server.on('connection', (socket: WebSocket) => {",
          "  socket.on('message', (data) => socket.send(`echo:${String(data)}`));",
          '});',
        ].join('\n'),
      },
    });
    const report = await client.next((message) => message.type === 'port' && message.runId === 'ws-server');
    const port = (report as { port: number }).port;
    expect(port).toBeGreaterThan(0);
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    const reply = await new Promise<string>((resolve, reject) => {
      socket.on('open', () => socket.send('ping'));
      socket.on('message', (data) => resolve(String(data)));
      socket.on('error', reject);
    });
    socket.close();
    expect(reply).toBe('echo:ping');
    client.send({ type: 'stop', runId: 'ws-server' });
    expect(await client.exit('ws-server')).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
    // The server died with the run.
    const refused = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise<void>((resolve) => refused.on('error', () => resolve()));
  });

  test('every server of the entry process is reported once, once the kernel shows it listening', async () => {
    client.send({
      type: 'run',
      runId: 'two-servers',
      entry: 'two.ts',
      files: {
        'two.ts': [
          "import { createServer } from 'node:http';",
          "import { createServer as tcp } from 'node:net';",
          "const a = createServer().listen(0, '127.0.0.1', () => {",
          "  const b = tcp().listen(0, '127.0.0.1', () => {",
          '    console.log(JSON.stringify([a.address().port, b.address().port]));',
          '  });',
          '});',
        ].join('\n'),
      },
    });
    // The kernel can show both sockets listening before the program's line has come through its stdout
    // pipe; stopping then (SIGKILL) would lose the line (a CI run on 2026-12-05 did).
    await client.next(() => client.of('two-servers').filter((message) => message.type === 'port').length === 2 && client.output('two-servers').includes(']'));
    client.send({ type: 'stop', runId: 'two-servers' });
    await client.exit('two-servers');
    const printed = JSON.parse(client.output('two-servers')) as number[];
    const reported = client.of('two-servers').flatMap((message) => (message.type === 'port' ? [message.port] : []));
    expect(reported.sort()).toEqual(printed.sort());
  });
});

describe('isolation', () => {
  test('20 concurrent runs each see only their own files, and every folder is removed afterwards', async () => {
    const runs = Array.from({ length: 20 }, (_, index) => ({ runId: `iso-${index}`, secret: `value-${index}-${Math.random()}` }));
    const started = performance.now();
    for (const { runId, secret } of runs) {
      client.send({
        type: 'run',
        runId,
        entry: 'main.ts',
        files: {
          'secret.txt': secret,
          'main.ts': [
            "import { readFileSync, readdirSync, writeFileSync } from 'node:fs';",
            "writeFileSync('out.txt', readFileSync('secret.txt', 'utf8'));",
            // Overlap with the other runs before reading back.
            'await new Promise((resolve) => setTimeout(resolve, 300));',
            "console.log(readFileSync('out.txt', 'utf8'));",
            "console.log(readdirSync('.').sort().join(','));",
          ].join('\n'),
        },
      });
    }
    await client.next((message) => message.type === 'started' && message.runId === 'iso-19');
    expect(server.runner.activeRunCount).toBeGreaterThan(1);
    const exits = await Promise.all(runs.map(({ runId }) => client.exit(runId, 30_000)));
    const elapsed = performance.now() - started;
    for (const [index, { runId, secret }] of runs.entries()) {
      expect(exits[index]).toMatchObject({ code: 0, reason: 'exit' });
      expect(client.output(runId)).toBe(`${secret}\nmain.ts,node_modules,out.txt,package.json,secret.txt\n`);
    }
    expect(runFolders(server)).toEqual([]);
    expect(server.runner.activeRunCount).toBe(0);
    // Removing the runs' folders unlinked their node_modules links and left the project's packages alone.
    expect(lstatSync(join(process.cwd(), 'node_modules')).isDirectory()).toBe(true);
    expect(existsSync(join(process.cwd(), 'node_modules', 'ws', 'package.json'))).toBe(true);
    console.info(`20 concurrent runs finished in ${Math.round(elapsed)} ms`);
  });
});

describe('vitest', () => {
  const files = { 'sum.ts': 'export function sum(a: number, b: number): number { return a + b; }' };
  const spec = [
    "import { expect, test } from 'vitest';",
    "import { sum } from './sum.ts';",
    "test('adds', () => { expect(sum(1, 2)).toBe(3); });",
    "test('subtracts', () => { expect(sum(1, -2)).toBe(3); });",
  ].join('\n');

  test('a test message runs the specs against the files and reports each test', async () => {
    client.send({ type: 'test', runId: 'specs', files, testFiles: { 'tests/sum.test.ts': spec.replace('./sum.ts', '../sum.ts') } });
    const exit = await client.exit('specs', 30_000);
    expect(exit).toMatchObject({ code: 1, reason: 'exit' });
    const result = await client.next((message) => message.type === 'test-result' && message.runId === 'specs');
    expect(result).toMatchObject({
      success: false,
      passed: 1,
      failed: 1,
      total: 2,
      tests: [
        { file: 'tests/sum.test.ts', name: 'adds', status: 'passed', failureMessages: [] },
        { file: 'tests/sum.test.ts', name: 'subtracts', status: 'failed' },
      ],
    });
    const failure = (result as { tests: Array<{ failureMessages: string[] }> }).tests[1]!.failureMessages[0];
    expect(failure).toContain('expected -1 to be 3');
    expect(client.output('specs')).toContain('subtracts');
    expect(runFolders(server)).toEqual([]);
  });

  test('two spec files run side by side, except in a run that stops at its first failure', async () => {
    // Each spec marks that it started, then waits for the other's mark: only files that run at the same
    // time can both pass. A bailing run (mutation testing) must stay one file at a time.
    const meetsOther = (mine: string, other: string): string =>
      [
        "import { existsSync, writeFileSync } from 'node:fs';",
        "import { expect, test } from 'vitest';",
        `test('meets ${other}', async () => {`,
        `  writeFileSync('${mine}.started', '');`,
        '  const deadline = Date.now() + 3000;',
        `  while (!existsSync('${other}.started') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));`,
        `  expect(existsSync('${other}.started')).toBe(true);`,
        '});',
      ].join('\n');
    const testFiles = { 'a.test.ts': meetsOther('a', 'b'), 'b.test.ts': meetsOther('b', 'a') };
    client.send({ type: 'test', runId: 'side-by-side', files: {}, testFiles });
    client.send({ type: 'test', runId: 'one-at-a-time', files: {}, testFiles, env: { COURSE_TEST_BAIL: '1' } });
    const [sideBySide, oneAtATime] = await Promise.all(
      ['side-by-side', 'one-at-a-time'].map((runId) => client.next((message) => message.type === 'test-result' && message.runId === runId, 30_000)),
    );
    expect(sideBySide).toMatchObject({ success: true, passed: 2 });
    expect(oneAtATime).toMatchObject({ success: false });
    expect((oneAtATime as { passed: number }).passed).toBeLessThan(2);
  });

  test('command "test" runs the entry as a spec; a spec that cannot load is reported as failed', async () => {
    const passing = spec.replace('sum(1, -2)).toBe(3)', 'sum(1, -2)).toBe(-1)');
    client.send({ type: 'run', runId: 'own-spec', command: 'test', entry: 'sum.test.ts', files: { ...files, 'sum.test.ts': passing } });
    client.send({ type: 'test', runId: 'no-load', files, testFiles: { 'broken.test.ts': "import { nothing } from './missing.ts';\nnothing();" } });
    const [own, broken] = await Promise.all([client.exit('own-spec', 30_000), client.exit('no-load', 30_000)]);
    expect(own).toMatchObject({ code: 0, reason: 'exit' });
    expect(await client.next((message) => message.type === 'test-result' && message.runId === 'own-spec')).toMatchObject({
      success: true,
      passed: 2,
      failed: 0,
    });
    expect(broken.code).toBe(1);
    expect(await client.next((message) => message.type === 'test-result' && message.runId === 'no-load')).toMatchObject({
      success: false,
      failed: 1,
      tests: [{ file: 'broken.test.ts', name: '(the file could not be run)', status: 'failed' }],
    });
  });
});
