/**
 * `tsc --noEmit` over the project: the code is held to the real types of the libraries it uses —
 * @webcontainer/api above all, whose backend no test here can boot — not only to what vitest's transform
 * and Node's type stripping (which remove types without checking them) let through. tsconfig.src.json covers
 * src/ and scripts/ with erasableSyntaxOnly (Node runs them by stripping types); tsconfig.json adds the
 * tests. A CLI script with a syntax error (e.g. an apostrophe closing a string) fails here, not in an
 * instructor's terminal.
 */
import { execFile } from 'node:child_process';
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

test('src/ and scripts/ type-check with 0 errors, erasable syntax only', { timeout: 180_000 }, async () => {
  const result = await typeCheck('tsconfig.src.json');
  expect(result.stdout.trim()).toBe('');
  expect(result.code).toBe(0);
});

test('the tests type-check with 0 errors too', { timeout: 180_000 }, async () => {
  const result = await typeCheck('tsconfig.json');
  expect(result.stdout.trim()).toBe('');
  expect(result.code).toBe(0);
});
