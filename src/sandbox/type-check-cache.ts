/**
 * Remembers each sandbox's type-check result under a key that changes whenever anything the result
 * depends on changes: every file in the sandbox folder, TypeScript's version, the compiler options and the
 * installed version of every package in node_modules' top level that the sandbox declares or @types/node.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { ContentProblem } from '../content/problems.ts';
import { SANDBOX_COMPILER_OPTIONS } from './compiler-options.ts';
import { listFiles, type Sandbox } from './load-sandboxes.ts';

function versionOf(modulesRoot: string, name: string): string {
  const path = join(modulesRoot, 'node_modules', ...name.split('/'), 'package.json');
  return existsSync(path) ? ((JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '?') : 'missing';
}

export function sandboxKey(sandbox: Sandbox, modulesRoot: string): string {
  const hash = createHash('sha256');
  hash.update(`${ts.version}\n${JSON.stringify(SANDBOX_COMPILER_OPTIONS)}\n${sandbox.id}\n`);
  for (const name of ['@types/node', 'vitest', ...sandbox.config.dependencies, ...sandbox.packages.map((p) => p.name)]) hash.update(`${name}@${versionOf(modulesRoot, name)}\n`);
  // Translations (i18n/<lang>.yaml) are text for learners, not code: editing one must not re-run the type-check.
  for (const file of listFiles(sandbox.path).filter((path) => !path.startsWith('i18n/'))) hash.update(`${file}\n`).update(readFileSync(join(sandbox.path, file))).update('\n');
  return hash.digest('hex');
}

export function readCache(file: string): Record<string, ContentProblem[]> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, ContentProblem[]>;
  } catch {
    return {};
  }
}

export function writeCache(file: string, entries: Record<string, ContentProblem[]>): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(entries));
  } catch {
    // A read-only node_modules only costs speed.
  }
}
