/**
 * Malformed and hostile messages over a real connection: each gets a clear error, nothing is written
 * or started, and the connection keeps working.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runFolders, startTestServer, TestClient, type TestServer } from './helpers.ts';

let server: TestServer;
let client: TestClient;

beforeAll(async () => {
  server = await startTestServer({ maxMessageBytes: 64 * 1024, maxRunsPerConnection: 2, maxRunsGlobal: 3 });
  client = await TestClient.connect(server.url);
});
afterAll(async () => {
  await client.close();
  await server.dispose();
});

const sleeper = { 'main.ts': 'setTimeout(() => {}, 20000);' };

describe('malformed messages', () => {
  test('bad JSON, binary frames, unknown types and wrong fields are answered, not fatal', async () => {
    expect((await client.sendExpectingError('not json')).code).toBe('E_BAD_JSON');
    const from = client.messages.length;
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const binary = await client.next((message) => message.type === 'error', 5000, from);
    expect(binary).toMatchInlineSnapshot(`
      {
        "code": "E_BINARY_MESSAGE",
        "message": "The runner received a binary WebSocket message. Send each message as JSON text (socket.send(JSON.stringify(message))).",
        "type": "error",
      }
    `);
    expect((await client.sendExpectingError({ type: 'launch' })).code).toBe('E_UNKNOWN_TYPE');
    expect((await client.sendExpectingError({ type: 'run', runId: 'r', files: 'main.ts', entry: 'main.ts' })).code).toBe(
      'E_BAD_MESSAGE',
    );
    expect((await client.sendExpectingError('null')).code).toBe('E_BAD_MESSAGE');
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  test('a message over the size limit is refused with an error and the connection stays open', async () => {
    const error = await client.sendExpectingError({ type: 'run', runId: 'big', entry: 'main.ts', files: { 'main.ts': 'x'.repeat(70 * 1024) } });
    expect(error).toMatchInlineSnapshot(`
      {
        "code": "E_MESSAGE_TOO_LARGE",
        "message": "The message is 71749 bytes, more than the limit of 65536 bytes. Send fewer or smaller files.",
        "type": "error",
      }
    `);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  test('a frame far over the limit closes the connection with 1009 instead of being buffered', async () => {
    const other = await TestClient.connect(server.url);
    const closed = new Promise<number>((resolve) => other.socket.once('close', (code) => resolve(code)));
    other.send({ type: 'run', runId: 'huge', entry: 'main.ts', files: { 'main.ts': 'x'.repeat(200 * 1024) } });
    expect(await closed).toBe(1009);
  });

  test.each([['../x'], ['/etc/passwd'], ['a/../../b'], ['a\u0000b'], ['node_modules/ws/index.js'], ['a\\..\\b']])(
    'the file name %j is refused and nothing is written',
    async (name) => {
      const error = await client.sendExpectingError({
        type: 'run',
        runId: 'traversal',
        entry: 'main.ts',
        files: { 'main.ts': 'console.log(1)', [name]: 'pwned' },
      });
      expect(error).toMatchObject({ code: 'E_BAD_FILE_NAME', runId: 'traversal' });
      expect(error.message).toContain(JSON.stringify(name));
      expect(client.of('traversal').some((message) => message.type === 'started')).toBe(false);
      expect(runFolders(server)).toEqual([]);
      expect(existsSync(join(server.runner.tempDir, 'x'))).toBe(false);
      expect(existsSync(join(server.tempParent, 'x'))).toBe(false);
    },
  );
});

describe('run bookkeeping', () => {
  test('a duplicate runId, too many runs per page, and a full runner are refused with distinct errors', async () => {
    client.send({ type: 'run', runId: 'one', entry: 'main.ts', files: sleeper });
    await client.next((message) => message.type === 'started' && message.runId === 'one');
    const duplicate = await client.sendExpectingError({ type: 'run', runId: 'one', entry: 'main.ts', files: sleeper });
    expect(duplicate).toMatchInlineSnapshot(`
      {
        "code": "E_DUPLICATE_RUN_ID",
        "message": "A run with id "one" is still going on this connection. Wait for its "exit" message or use a new id.",
        "runId": "one",
        "type": "error",
      }
    `);

    client.send({ type: 'run', runId: 'two', entry: 'main.ts', files: sleeper });
    await client.next((message) => message.type === 'started' && message.runId === 'two');
    const tooMany = await client.sendExpectingError({ type: 'run', runId: 'three', entry: 'main.ts', files: sleeper });
    expect(tooMany).toMatchInlineSnapshot(`
      {
        "code": "E_TOO_MANY_RUNS",
        "message": "This page already has 2 runs going, the most one page may have at once. Stop one or wait for it to exit, then start this run again.",
        "runId": "three",
        "type": "error",
      }
    `);

    const other = await TestClient.connect(server.url);
    other.send({ type: 'run', runId: 'a', entry: 'main.ts', files: sleeper });
    await other.next((message) => message.type === 'started' && message.runId === 'a');
    const busy = await other.sendExpectingError({ type: 'run', runId: 'b', entry: 'main.ts', files: sleeper });
    expect(busy).toMatchInlineSnapshot(`
      {
        "code": "E_RUNNER_BUSY",
        "message": "The runner already has 3 runs going across all pages, its limit. Stop runs in other tabs or wait a moment, then start this run again.",
        "runId": "b",
        "type": "error",
      }
    `);
    await other.close();

    client.send({ type: 'stop', runId: 'one' });
    client.send({ type: 'stop', runId: 'two' });
    await Promise.all([client.exit('one'), client.exit('two')]);
    // The moment a run's exit arrives its slot is free again, and its id may be reused.
    const from = client.messages.length;
    client.send({ type: 'run', runId: 'one', entry: 'main.ts', files: { 'main.ts': "console.log('again')" } });
    const again = await client.next((message) => message.type === 'exit' && message.runId === 'one', 10_000, from);
    expect(again).toMatchObject({ code: 0, reason: 'exit' });
  });

  test('stop for a run that is not going is refused', async () => {
    expect(await client.sendExpectingError({ type: 'stop', runId: 'never-started' })).toMatchInlineSnapshot(`
      {
        "code": "E_UNKNOWN_RUN",
        "message": "There is no run "never-started" going on this connection to stop; it may have exited already. Use the runId of a run that has sent "started" and not yet "exit".",
        "runId": "never-started",
        "type": "error",
      }
    `);
  });
});
