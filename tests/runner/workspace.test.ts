/**
 * The workspace writer is the second lock behind the file-name rules: even with a link planted in the
 * folder, it never writes through it.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createWorkspace, writeRegularFile } from '../../src/runner/workspace.ts';

let dir: string;
let outside: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'brr-workspace-test-'));
  outside = mkdtempSync(join(tmpdir(), 'brr-workspace-outside-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

test('files and folders are created as plain files with the given text', async () => {
  await writeRegularFile(dir, 'src/deep/a.ts', 'export {};\n');
  expect(readFileSync(join(dir, 'src/deep/a.ts'), 'utf8')).toBe('export {};\n');
  expect(lstatSync(join(dir, 'src/deep/a.ts')).isFile()).toBe(true);
});

test('a folder that is a link is not written through', async () => {
  symlinkSync(outside, join(dir, 'src'));
  await expect(writeRegularFile(dir, 'src/a.ts', 'x')).rejects.toThrowErrorMatchingInlineSnapshot(`[Error: Cannot write "src/a.ts": "src" is not a plain folder.]`);
  expect(existsSync(join(outside, 'a.ts'))).toBe(false);
});

test('a file that is a link is not followed, and an existing file is not overwritten', async () => {
  writeFileSync(join(outside, 'target.txt'), 'original');
  symlinkSync(join(outside, 'target.txt'), join(dir, 'link.txt'));
  await expect(writeRegularFile(dir, 'link.txt', 'x')).rejects.toMatchObject({ code: 'EEXIST' });
  expect(readFileSync(join(outside, 'target.txt'), 'utf8')).toBe('original');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub/existing.txt'), 'kept');
  await expect(writeRegularFile(dir, 'sub/existing.txt', 'x')).rejects.toMatchObject({ code: 'EEXIST' });
  expect(readFileSync(join(dir, 'sub/existing.txt'), 'utf8')).toBe('kept');
});

test('a workspace links node_modules, adds a module package.json, and removing it spares the link target', async () => {
  writeFileSync(join(outside, 'marker.txt'), 'package');
  const workspace = await createWorkspace({ parentDir: dir, files: { 'main.ts': '1' }, nodeModulesDir: outside });
  expect(readlinkSync(join(workspace.workDir, 'node_modules'))).toBe(outside);
  expect(JSON.parse(readFileSync(join(workspace.workDir, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
  await workspace.remove();
  expect(existsSync(workspace.root)).toBe(false);
  expect(readFileSync(join(outside, 'marker.txt'), 'utf8')).toBe('package');
});

test('a learner package.json is kept as sent', async () => {
  const workspace = await createWorkspace({ parentDir: dir, files: { 'package.json': '{"type":"commonjs"}' }, nodeModulesDir: undefined });
  expect(readFileSync(join(workspace.workDir, 'package.json'), 'utf8')).toBe('{"type":"commonjs"}');
  await workspace.remove();
});
