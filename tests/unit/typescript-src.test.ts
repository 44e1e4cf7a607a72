/**
 * `tsc --noEmit` over src/ (tsconfig.src.json): the code is held to the real types of the libraries it
 * uses — @webcontainer/api above all, whose backend no test here can boot — not only to what vitest's
 * transform (which strips types without checking them) lets through.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

test('src/ type-checks with 0 errors', { timeout: 180_000 }, async () => {
  const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.src.json', '--pretty', 'false'], {
    cwd: process.cwd(),
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '' }),
  );
  expect(result.stdout.trim()).toBe('');
  expect(result.code).toBe(0);
});
