/**
 * `tsc --noEmit` over the project: the code is held to the real types of the libraries it uses —
 * @webcontainer/api above all, whose backend no test here can boot — not only to what vitest's transform
 * and Node's type stripping (which remove types without checking them) let through. tsconfig.json covers
 * src/, scripts/ and the tests with erasableSyntaxOnly (Node runs scripts by stripping types). A CLI script with a syntax error (e.g. an apostrophe closing a string) fails here, not in an
 * instructor's terminal.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

async function typeCheck(project: string): Promise<{ code: number; stdout: string }> {
  const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
  return promisify(execFile)(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty', 'false'], {
    cwd: process.cwd(),
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '' }),
  );
}

// One run covers src/, scripts/ and the tests (issue #15: two runs took 70 s of the suite, checking src/ twice);
// erasableSyntaxOnly is set in tsconfig.json, and the first assertion keeps it there.
test('src/, scripts/ and the tests type-check with 0 errors, erasable syntax only', { timeout: 180_000 }, async () => {
  const config = await readFile('tsconfig.json', 'utf8');
  expect(config).toMatch(/"erasableSyntaxOnly": true/);
  const result = await typeCheck('tsconfig.json');
  expect(result.stdout.trim()).toBe('');
  expect(result.code).toBe(0);
});
