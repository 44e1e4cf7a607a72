/**
 * Issue 9, item 7 (second half): a course server that is not root, whose runs leave folders it
 * cannot write (chmod 000 / 0500, beside their own folder too). Such a run ends normally (no
 * E_INTERNAL), leaves nothing behind, and the server shuts down cleanly instead of crashing with
 * EACCES. The server runs as `nobody` in a child process (setpriv), so this needs root to start it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { TestClient } from './helpers.ts';

const NOBODY = 65534;
const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
const hosts: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.kill('SIGKILL'); // pdeathsig takes its runs along
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const LOCK = [
  "import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';",
  "mkdirSync('locked/inner', { recursive: true });",
  "writeFileSync('locked/inner/file.txt', 'x');",
  "chmodSync('locked/inner', 0o500);",
  "chmodSync('locked', 0o000);",
  "mkdirSync('../../beside/inner', { recursive: true });",
  "writeFileSync('../../beside/inner/file.txt', 'x');",
  "chmodSync('../../beside/inner', 0o500);",
  "chmodSync('../../beside', 0o500);",
  "console.log('locked');",
].join('\n');

test.skipIf(!canDropPrivileges)('a non-root server removes folders its runs locked, and shuts down cleanly', async () => {
  const tempParent = mkdtempSync(join(tmpdir(), 'brr-runner-nobody-test-'));
  folders.push(tempParent);
  chownSync(tempParent, NOBODY, NOBODY);
  const host = spawn(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, fileURLToPath(new URL('./fixtures/host-runner.ts', import.meta.url)), tempParent, '20000', 'auto'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  hosts.push(host);
  let stderr = '';
  host.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [line] = (await once(createInterface({ input: host.stdout! }), 'line')) as [string];
  const { url, tempDir, containment } = JSON.parse(line) as { url: string; tempDir: string; containment: string };
  expect(containment).not.toBe('pid-namespace'); // not root: a user namespace, or the fallback
  const client = await TestClient.connect(url);

  client.send({ type: 'run', runId: 'lock', entry: 'main.ts', files: { 'main.ts': LOCK } });
  expect(await client.exit('lock')).toMatchObject({ code: 0, reason: 'exit' });
  expect(client.output('lock')).toBe('locked\n');
  expect(client.messages.filter((message) => message.type === 'error')).toEqual([]);
  expect(readdirSync(tempDir)).toEqual(['owner.json']);

  // Shut down while a run that locked its folder is still going.
  client.send({ type: 'run', runId: 'lock-and-stay', entry: 'main.ts', files: { 'main.ts': `${LOCK}\nsetInterval(() => {}, 1000);` } });
  await client.next(() => client.output('lock-and-stay') === 'locked\n');
  host.stdin!.end('close\n');
  const [code] = (await once(host, 'exit')) as [number];
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(existsSync(tempDir)).toBe(false);
  await client.close();
});
