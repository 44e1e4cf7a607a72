/**
 * The local runtime against the REAL runner (src/runner/) on port 0, through a real `ws` WebSocket
 * client: real files, real Node child processes, real vitest. Running programs and connection trouble;
 * grading is in sandbox-local-runtime-tests.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startRunnerServer } from '../../src/runner/index.ts';
import { previewUrl, RunnerRefusal, type LocalRuntimeOptions } from '../../src/sandbox/local-runtime.ts';
import { readAllOutput } from '../../src/sandbox/process-channel.ts';
import { parsePreviewPath, previewPage } from '../../src/sandbox/preview-url.ts';
import type { ServerReady } from '../../src/sandbox/runtime.ts';
import { PAGE_ORIGIN, text, useRunner, waitForOutput } from './local-runtime-harness.ts';

const harness = useRunner();
const { runtime, upgradedSockets } = harness;
describe('running programs', () => {
  test('runs a TypeScript entry that imports another file, streams stdout and stderr, and reports the exit code', async () => {
    const sandbox = runtime();
    await sandbox.mount({
      'greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
      'main.ts':
        "import { greet } from './greet.ts';\n" +
        "const who: string = process.env.WHO ?? 'nobody';\n" +
        'console.log(greet(who));\n' +
        "console.error('careful');\n" +
        'process.exitCode = 3;\n',
    });
    const run = await sandbox.run('main.ts', { env: { WHO: 'learner' } });
    const [chunks, exit] = await Promise.all([readAllOutput(run.output), run.exit]);
    expect(text(chunks, 'stdout')).toBe('Hello, learner!\n');
    expect(text(chunks, 'stderr')).toBe('careful\n');
    expect(exit).toMatchObject({ code: 3, signal: null, reason: 'exit' });
    expect(exit.durationMs).toBeGreaterThan(0);
  });

  test('runs the files as they are after writeFile, and readFile returns them', async () => {
    const sandbox = runtime();
    await sandbox.mount({ 'main.ts': "console.log('first');\n" });
    await sandbox.writeFile('main.ts', "console.log('second');\n");
    expect(await sandbox.readFile('main.ts')).toBe("console.log('second');\n");
    const run = await sandbox.run('main.ts');
    expect(text(await readAllOutput(run.output))).toBe('second\n');
  });

  test('stops an endless loop when killed', async () => {
    const sandbox = runtime();
    await sandbox.mount({ 'main.ts': "console.log('looping');\nwhile (true) {}\n" });
    const run = await sandbox.run('main.ts');
    await waitForOutput(run.output, /looping/);
    run.kill();
    const exit = await run.exit;
    expect(exit.reason).toBe('stopped');
    expect(exit.code).toBeNull();
    expect(exit.durationMs).toBeLessThan(8000);
  });

  test('writes to the program\'s standard input', async () => {
    const sandbox = runtime();
    await sandbox.mount({
      'main.ts':
        "process.stdin.setEncoding('utf8');\n" +
        "process.stdin.once('data', (line: string) => {\n" +
        '  console.log(`got ${line.trim().toUpperCase()}`);\n' +
        '  process.exit(0);\n' +
        '});\n' +
        "console.log('ready');\n",
    });
    const run = await sandbox.run('main.ts');
    await waitForOutput(run.output, /ready/);
    run.write('hello\n');
    const rest = text(await readAllOutput(run.output));
    expect(rest).toContain('got HELLO');
    expect((await run.exit).code).toBe(0);
  });

  test('a server the program starts is announced with a preview URL on the runner\'s origin', async () => {
    const sandbox = runtime();
    const announced: ServerReady[] = [];
    sandbox.onServerReady((ready) => announced.push(ready));
    await sandbox.mount({
      'main.ts':
        "import { createServer } from 'node:http';\n" +
        "const server = createServer((_req, res) => res.end('hi'));\n" +
        "server.listen(0, '127.0.0.1', () => {\n" +
        '  const address = server.address();\n' +
        "  console.log(`listening on ${typeof address === 'object' && address ? address.port : '?'}`);\n" +
        '});\n',
    });
    const run = await sandbox.run('main.ts');
    const seen = await waitForOutput(run.output, /listening on \d+/);
    const port = Number(/listening on (\d+)/.exec(seen)?.[1]);
    await expect.poll(() => announced.length).toBe(1);
    const [ready] = announced;
    expect(ready?.port).toBe(port);
    const url = new URL(ready!.url);
    expect(url.origin).toBe(`http://127.0.0.1:${harness.server().port}`);
    const parsed = parsePreviewPath(url.pathname);
    expect(parsed?.path).toBe('/');
    expect(url.pathname).toBe(previewUrl(parsed!.runId, '/'));
    expect(previewPage(ready!.url, '/events?x=1')).toBe(`${ready!.url}events?x=1`);
    run.kill();
    expect((await run.exit).reason).toBe('stopped');
  });

  test('a runner limit ends the run with the runner\'s notice in the output', async () => {
    const quick = await startRunnerServer({ allowedOrigins: [PAGE_ORIGIN], limits: { runWallTimeMs: 500 }, log: () => {} });
    try {
      const sandbox = runtime({ url: quick.url, token: quick.runner.token });
      await sandbox.mount({ 'main.ts': 'setInterval(() => {}, 1000);\n' });
      const run = await sandbox.run('main.ts');
      const [chunks, exit] = await Promise.all([readAllOutput(run.output), run.exit]);
      expect(exit.reason).toBe('timeout');
      expect(text(chunks, 'system')).toMatch(/stopped after 0\.5 s, the time limit/);
    } finally {
      await quick.close();
    }
  });

  test('an entry that is not among the files is refused before anything is sent', async () => {
    const sandbox = runtime();
    await sandbox.mount({ 'main.ts': '', 'util.ts': '' });
    await expect(sandbox.run('mian.ts')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: There is no file "mian.ts" in the sandbox. Its files are: main.ts, util.ts.]`,
    );
  });

  test('a run the runner refuses rejects with the runner\'s explanation and code', async () => {
    const sandbox = runtime();
    await sandbox.mount({ 'notes.txt': 'not a program' });
    const error = await sandbox.run('notes.txt').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerRefusal);
    expect((error as RunnerRefusal).code).toBe('E_BAD_ENTRY');
    expect((error as Error).message).toMatch(/^Field "entry" names "notes.txt", which Node cannot run\./);
  });
});

describe('connection trouble', () => {
  test('an unreachable runner gives a sentence that says how to start it, without the token', async () => {
    const sandbox = runtime({ url: 'ws://127.0.0.1:9/__runner', token: 'secret-token' });
    await sandbox.mount({ 'main.ts': '' });
    const error = (await sandbox.run('main.ts').then(
      () => new Error('The run started, but the runner is not there.'),
      (caught: unknown) => caught as Error,
    ));
    expect(error.message).toMatchInlineSnapshot(
      `"The local runner is not reachable at ws://127.0.0.1:9/__runner; start the course with \`npm start\` or \`npm run dev\`, then reload this page."`,
    );
    expect(error.message).not.toContain('secret-token');
  });

  test('a stale token (the server restarted) gets the same advice: reload the page', async () => {
    const sandbox = runtime({ token: 'from-an-older-server-start' });
    await sandbox.mount({ 'main.ts': '' });
    await expect(sandbox.run('main.ts')).rejects.toThrow(/is not reachable at ws:\/\/127\.0\.0\.1:\d+\/__runner; .*reload this page/);
  });

  test('after a server restart the runtime fetches the new token once and the run works', async () => {
    const url = `ws://127.0.0.1:${harness.server().port}/__runner`;
    let refreshes = 0;
    const sandbox = runtime({
      token: 'from-an-older-server-start',
      refreshConfig: async () => {
        refreshes += 1;
        return { url, token: harness.server().runner.token };
      },
    });
    await sandbox.mount({ 'main.ts': "console.log('fresh');\n" });
    const run = await sandbox.run('main.ts');
    expect(text(await readAllOutput(run.output))).toBe('fresh\n');
    expect((await run.exit).reason).toBe('exit');
    const again = await sandbox.run('main.ts');
    await again.exit;
    expect(refreshes).toBe(1);
  });

  test('a refresh that brings no new token keeps the advice, and a failing refresh too', async () => {
    for (const refreshConfig of [
      async () => ({ url: `ws://127.0.0.1:${harness.server().port}/__runner`, token: 'from-an-older-server-start' }),
      async () => undefined,
      async () => {
        throw new Error('offline');
      },
    ]) {
      const sandbox = runtime({ token: 'from-an-older-server-start', refreshConfig });
      await sandbox.mount({ 'main.ts': '' });
      await expect(sandbox.run('main.ts')).rejects.toThrow(/is not reachable at ws:\/\/127\.0\.0\.1:\d+\/__runner; .*reload this page/);
    }
  });

  test('when the socket drops, the running program exits with reason "disconnect" and the next run reconnects', async () => {
    const sandbox = runtime();
    await sandbox.mount({ 'main.ts': "console.log('up');\nsetInterval(() => {}, 1000);\n" });
    const before = upgradedSockets.length;
    const run = await sandbox.run('main.ts');
    await waitForOutput(run.output, /up/);
    expect(upgradedSockets.length).toBe(before + 1);
    upgradedSockets.at(-1)!.destroy(); // like a network failure: no close frame
    const [rest, exit] = await Promise.all([readAllOutput(run.output), run.exit]);
    expect(exit.reason).toBe('disconnect');
    expect(text(rest, 'system')).toMatchInlineSnapshot(`
      "The connection to the local runner closed, so the program was stopped. The next Run reconnects; if the course server was stopped, start it again with \`npm start\` or \`npm run dev\`.
      "
    `);
    // The runner killed the orphaned run when it saw the close.
    await expect.poll(() => harness.server().runner.activeRunCount).toBe(0);

    await sandbox.writeFile('main.ts', "console.log('back');\n");
    const again = await sandbox.run('main.ts');
    expect(text(await readAllOutput(again.output))).toBe('back\n');
    expect(upgradedSockets.length).toBe(before + 2);
  });

  test('one connection serves many runs', async () => {
    const sandbox = runtime();
    const before = upgradedSockets.length;
    await sandbox.mount({ 'main.ts': "console.log('x');\n" });
    for (let i = 0; i < 3; i += 1) await (await sandbox.run('main.ts')).exit;
    expect(upgradedSockets.length).toBe(before + 1);
  });

  test('teardown stops running programs and refuses later calls', async () => {
    const sandbox = runtime();
    await sandbox.mount({ 'main.ts': "console.log('up');\nsetInterval(() => {}, 1000);\n" });
    const run = await sandbox.run('main.ts');
    await waitForOutput(run.output, /up/);
    await sandbox.teardown();
    expect((await run.exit).reason).toBe('stopped');
    await expect.poll(() => harness.server().runner.activeRunCount).toBe(0);
    await expect(sandbox.run('main.ts')).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: This sandbox was shut down (Local runner (Node.js on this computer)). Reload the page to run code again.]`,
    );
  });
});

describe('a runner that misbehaves', () => {
  /** A bare WebSocket server on port 0 that greets every connection with `greet`. */
  async function fakeRunner(greet: (socket: WebSocket) => void): Promise<{ url: string; close(): Promise<void> }> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', greet);
    const { port } = wss.address() as { port: number };
    return {
      url: `ws://127.0.0.1:${port}/__runner`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const client of wss.clients) client.terminate();
          wss.close(() => resolve());
        }),
    };
  }

  async function runError(url: string, extra: Partial<LocalRuntimeOptions> = {}): Promise<string> {
    const sandbox = runtime({ url, token: 't', ...extra });
    await sandbox.mount({ 'main.ts': '' });
    return sandbox.run('main.ts').then(
      () => 'started',
      (error: Error) => error.message.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT'),
    );
  }

  test('a runner of another protocol version is refused with advice to reload', async () => {
    const fake = await fakeRunner((socket) => socket.send(JSON.stringify({ type: 'ready', protocolVersion: 2, limits: {} })));
    try {
      expect(await runError(fake.url)).toMatchInlineSnapshot(
        `"The local runner at ws://127.0.0.1:PORT/__runner speaks protocol version 2, but this page expects version 1. Reload the page so that it matches the course server."`,
      );
    } finally {
      await fake.close();
    }
  });

  test('a runner that closes before it is ready is reported with its close code and reason', async () => {
    const fake = await fakeRunner((socket) => socket.close(1001, 'The runner is shutting down.'));
    try {
      expect(await runError(fake.url)).toMatchInlineSnapshot(
        `"The local runner at ws://127.0.0.1:PORT/__runner closed the connection before it was ready (WebSocket close code 1001: The runner is shutting down.). Reload the page; if that does not help, restart the course with \`npm start\` or \`npm run dev\`."`,
      );
    } finally {
      await fake.close();
    }
  });

  test('a runner that never says ready times out', async () => {
    const fake = await fakeRunner(() => {});
    try {
      expect(await runError(fake.url, { connectTimeoutMs: 200 })).toMatchInlineSnapshot(
        `"The local runner at ws://127.0.0.1:PORT/__runner did not answer within 0.2 s. Check that the course server is running (\`npm start\` or \`npm run dev\`), then reload this page."`,
      );
    } finally {
      await fake.close();
    }
  });

  test('a malformed message after ready is reported as a warning and does not break the run', async () => {
    const warnings: string[] = [];
    const fake = await fakeRunner((socket) => {
      socket.send(JSON.stringify({ type: 'ready', protocolVersion: 1, limits: {} }));
      socket.on('message', (data) => {
        const { runId } = JSON.parse(String(data)) as { runId: string };
        socket.send('{"type":"output"');
        socket.send(JSON.stringify({ type: 'started', runId, pid: 1 }));
        socket.send(JSON.stringify({ type: 'output', runId, stream: 'stdout', data: 'fine\n' }));
        socket.send(JSON.stringify({ type: 'exit', runId, code: 0, signal: null, reason: 'exit', durationMs: 5 }));
      });
    });
    try {
      const sandbox = runtime({ url: fake.url, token: 't', onWarning: (message) => warnings.push(message) });
      await sandbox.mount({ 'main.ts': '' });
      const run = await sandbox.run('main.ts');
      expect(text(await readAllOutput(run.output))).toBe('fine\n');
      expect(warnings).toMatchInlineSnapshot(`
        [
          "The local runner sent a message this page does not understand: text that is not JSON ("{\\"type\\":\\"output\\""). The page and the course server may be from different versions; reload the page.",
        ]
      `);
    } finally {
      await fake.close();
    }
  });
});

