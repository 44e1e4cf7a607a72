/**
 * `sandboxes/<id>/package.json`: the npm packages a sandbox uses, at exact versions, added by editing the
 * sandbox folder only. The project's package.json lists `sandboxes/*` as npm workspaces, so a plain
 * `npm install` at the root installs them into the one node_modules the local runner links into every run,
 * and package-lock.json (which the WebContainer manifest is built from) records them.
 *
 *   "dependencies":    what the learner's code imports: installed, and typed in the editor
 *   "devDependencies": what only the tests import: installed for grading, kept out of the editor
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentProblem } from '../content/problems.ts';

export const SANDBOX_PACKAGE_SCOPE = '@course-sandbox';

export interface SandboxPackage {
  name: string;
  /** The exact version asked for. */
  version: string;
  /** `dependencies` (learner code) or `devDependencies` (tests only). */
  role: 'dependencies' | 'devDependencies';
  /** Project-relative file and line that declares it, for messages. */
  file: string;
  line?: number;
}

/** `1.14.7`, `0.25.2`, `5.0.0-rc.1`: one version, so every machine and the WebContainer get the same code. */
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const ALLOWED_FIELDS = new Set(['name', 'private', 'description', 'dependencies', 'devDependencies']);

function lineOf(text: string, pattern: RegExp): number | undefined {
  const index = text.search(pattern);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

const quoted = (name: string) => new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\s*:`);

/** Reads the sandbox's package.json, if it has one; every mistake in it becomes a problem. */
export function readSandboxPackages(root: string, dir: string, id: string, problems: ContentProblem[]): SandboxPackage[] {
  const path = join(dir, 'package.json');
  if (!existsSync(path)) return [];
  const file = `sandboxes/${id}/package.json`;
  const text = readFileSync(path, 'utf8');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    problems.push({
      severity: 'error',
      file,
      line: position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length,
      message: `The file is not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}.`,
      fix: 'Fix the JSON: names and versions in double quotes, commas between entries and none after the last.',
    });
    return [];
  }
  const wantedName = `${SANDBOX_PACKAGE_SCOPE}/${id}`;
  if (json.name !== wantedName) {
    problems.push({
      severity: 'error',
      file,
      line: lineOf(text, /"name"\s*:/),
      field: 'name',
      message: `The package is named ${json.name === undefined ? 'nothing' : JSON.stringify(json.name)}, but npm workspaces need a name, and each sandbox's is "${wantedName}".`,
      fix: `Set "name": "${wantedName}" (and "private": true, so it is never published).`,
    });
  }
  for (const field of Object.keys(json)) {
    if (ALLOWED_FIELDS.has(field)) continue;
    problems.push({ severity: 'error', file, line: lineOf(text, quoted(field)), field, message: `The field "${field}" means nothing for a sandbox (the runner writes its own package.json for each run).`, fix: 'Remove it; a sandbox package.json has name, private, description, dependencies and devDependencies.' });
  }
  const packages: SandboxPackage[] = [];
  for (const role of ['dependencies', 'devDependencies'] as const) {
    const entries = json[role] ?? {};
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      problems.push({ severity: 'error', file, line: lineOf(text, quoted(role)), field: role, message: `"${role}" is not an object of package names and versions.`, fix: `Write it as "${role}": { "@grpc/grpc-js": "1.14.7" }.` });
      continue;
    }
    for (const [name, version] of Object.entries(entries as Record<string, unknown>)) {
      const line = lineOf(text, quoted(name));
      if (typeof version !== 'string' || !EXACT_VERSION.test(version)) {
        problems.push({
          severity: 'error',
          file,
          line,
          field: `${role}.${name}`,
          message: `"${name}" asks for ${JSON.stringify(version)}, which is not one exact version; a range lets two machines (or the WebContainer) install different code.`,
          fix: `Write the exact version, e.g. "${name}": "${typeof version === 'string' ? version.replace(/^[\^~>=<\s]+/, '') || '1.2.3' : '1.2.3'}" (npm view ${name} version prints the newest).`,
        });
        continue;
      }
      packages.push({ name, version, role, file, line });
    }
  }
  return packages;
}
