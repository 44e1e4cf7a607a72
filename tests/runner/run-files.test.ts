/**
 * Issue 9, item 7: a filesystem error the learner's program caused is reported as such (E_RUN_FILES,
 * with what to undo), never as E_INTERNAL, the code for runner bugs; the run still ends with `exit`
 * and the server keeps working. The program makes a file immutable (chattr +i), which even root
 * cannot delete, so this needs root, chattr and a filesystem that supports it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, TestClient, type TestServer } from './helpers.ts';

function immutableFilesWork(): boolean {
  if (process.getuid?.() !== 0) return false;
  const folder = mkdtempSync(join(tmpdir(), 'brr-chattr-probe-'));
  try {
    writeFileSync(join(folder, 'f'), '');
    return spawnSync('chattr', ['+i', join(folder, 'f')]).status === 0 && spawnSync('chattr', ['-i', join(folder, 'f')]).status === 0;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const supported = immutableFilesWork();
let server: TestServer;
beforeAll(async () => {
  if (supported) server = await startTestServer();
});
afterAll(async () => {
  if (!server) return;
  // Undo what the program did, whatever the test got to, so nothing stays behind.
  spawnSync('chattr', ['-R', '-i', server.tempParent]);
  await server.dispose();
});

test.skipIf(!supported)('a file the program made immutable is reported as E_RUN_FILES before exit, not E_INTERNAL', async () => {
  const client = await TestClient.connect(server.url);
  const program = [
    "import { execFileSync } from 'node:child_process';",
    "import { writeFileSync } from 'node:fs';",
    "writeFileSync('stuck.txt', 'x');",
    "execFileSync('chattr', ['+i', 'stuck.txt']);",
    "console.log('stuck');",
  ].join('\n');
  client.send({ type: 'run', runId: 'stuck', entry: 'main.ts', files: { 'main.ts': program } });
  const exit = await client.exit('stuck');
  expect(client.output('stuck')).toBe('stuck\n');
  expect(exit).toMatchObject({ code: 0, reason: 'exit' });
  const errors = client.of('stuck').filter((message) => message.type === 'error');
  expect(errors.map((error) => (error as { code: string }).code)).toEqual(['E_RUN_FILES']);
  expect((errors[0] as { message: string }).message).toMatch(/^The runner could not remove the files run "stuck" left behind \(.*\)\. Something in the program changed them/);
  // The runner is fine: the next run works.
  spawnSync('chattr', ['-R', '-i', server.tempParent]);
  client.send({ type: 'run', runId: 'next', entry: 'main.ts', files: { 'main.ts': "console.log('fine')" } });
  expect(await client.exit('next')).toMatchObject({ code: 0 });
  await client.close();
});
