/**
 * The WebContainer's locked packages and its terminal text: the manifest the build serves holds the
 * versions this project installed (what npm test proves) and the pinned container test runner, the
 * lockfile written into the container resolves nested dependencies as npm does, and terminal output
 * becomes clean stdout/stderr however the chunks are cut.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildContainerPackages } from '../../src/sandbox/container-packages-build.ts';
import { CONTAINER_NODE_VERSION, containerProjectFiles, lockClosure, type LockEntry } from '../../src/sandbox/container-packages.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { TerminalReader } from '../../src/sandbox/terminal-text.ts';

const root = process.cwd();
const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(`${root}/node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

describe('the container manifest', () => {
  const dependencies = loadSandboxes(root).sandboxes.flatMap((sandbox) => sandbox.config.dependencies);
  const manifest = buildContainerPackages({ root, dependencies });

  test('every sandbox package is locked at the version installed in this project', () => {
    expect(dependencies.length).toBeGreaterThan(0);
    for (const spec of dependencies) {
      const name = spec.replace(/(?<=.)@.*$/, '');
      expect(manifest.versions[name], name).toBe(installedVersion(name));
      expect(manifest.lock[`node_modules/${name}`]?.version).toBe(installedVersion(name));
    }
  });

  test('the container runs Node 22.22 and the pinned vitest 3.2 (not the project\'s vitest 5: Vite 8 fails in WebContainers)', () => {
    expect(manifest.node).toBe(CONTAINER_NODE_VERSION);
    expect(CONTAINER_NODE_VERSION).toBe('22.22.0');
    expect(manifest.versions.vitest).toBe('3.2.4');
    expect(manifest.lock['node_modules/vite']?.version).toMatch(/^[67]\./);
    expect(manifest.lock['node_modules/rolldown']).toBeUndefined();
  });

  test('the files written into the container name exact versions and lock every package they need', () => {
    const { packageJson, lockJson } = containerProjectFiles(manifest, ['ws', 'vitest']);
    expect(JSON.parse(packageJson)).toMatchObject({ engines: { node: '22.22.0' }, dependencies: { ws: manifest.versions.ws, vitest: '3.2.4' } });
    const packages = JSON.parse(lockJson).packages as Record<string, LockEntry>;
    expect(packages['']).toMatchObject({ dependencies: { ws: manifest.versions.ws } });
    for (const [path, entry] of Object.entries(packages)) {
      if (path === '') continue;
      expect(entry.version, path).toMatch(/^\d+\.\d+\.\d+/);
      expect(entry.integrity ?? entry.resolved ?? '', path).not.toBe('');
    }
    expect(() => containerProjectFiles(manifest, ['left-pad'])).toThrow('No locked version of "left-pad"');
  });
});

describe('lockClosure', () => {
  const lock: Record<string, LockEntry> = {
    'node_modules/a': { version: '1.0.0', dependencies: { b: '^2', c: '^1' } },
    'node_modules/a/node_modules/b': { version: '2.0.0' },
    'node_modules/b': { version: '1.0.0' },
    'node_modules/c': { version: '1.0.0', optionalDependencies: { 'c-linux': '1' }, peerDependencies: { d: '1' } },
    'node_modules/d': { version: '1.0.0' },
    'node_modules/unrelated': { version: '1.0.0' },
  };

  test('resolves the nearest node_modules first, follows optional and peer dependencies, skips the unrelated', () => {
    expect(Object.keys(lockClosure(lock, ['a'])).sort()).toEqual(['node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/c', 'node_modules/d']);
  });

  test('a required package missing from the lock is an error that names who needs it', () => {
    expect(() => lockClosure({ 'node_modules/a': { version: '1.0.0', dependencies: { z: '1' } } }, ['a'])).toThrow(
      'The container lockfile has no "z" (needed by node_modules/a).',
    );
  });
});

describe('terminal text', () => {
  const STDERR_START = '\u001b]7701;e\u0007';
  const STDERR_END = '\u001b]7701;o\u0007';

  test('stderr marks, colours and CRLF are taken out wherever the chunks are cut', () => {
    const raw = `out\r\n${STDERR_START}\u001b[31merr\u001b[39m\r\n${STDERR_END}more\r\n`;
    for (let cut = 1; cut < raw.length; cut += 1) {
      const reader = new TerminalReader();
      const chunks = [...reader.push(raw.slice(0, cut)), ...reader.push(raw.slice(cut)), ...reader.flush()];
      const joined: Array<[string, string]> = [];
      for (const chunk of chunks) {
        const last = joined.at(-1);
        if (last && last[0] === chunk.stream) last[1] += chunk.data;
        else joined.push([chunk.stream, chunk.data]);
      }
      expect(joined, `cut at ${cut}`).toEqual([
        ['stdout', 'out\n'],
        ['stderr', 'err\n'],
        ['stdout', 'more\n'],
      ]);
    }
  });
});
