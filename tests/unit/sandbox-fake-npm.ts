/**
 * `npm install` for the fake WebContainer, holding the backend to the lockfile contract: it installs
 * from package.json + package-lock.json only, refuses a dependency that is not locked at exactly the
 * version package.json names, takes `latencyMs` (real first installs take 5–25 s), prints npm's
 * summary through the terminal (CRLF), and can be killed mid-way (then nothing is installed).
 */
import { buildContainerPackages } from '../../src/sandbox/container-packages-build.ts';
import type { FakeScript } from './sandbox-fake-webcontainer.ts';

/** The course's real manifest (this project's lockfile + the container tools' lock) for a few packages. */
export const manifest = buildContainerPackages({ root: process.cwd(), dependencies: ['ws', 'socket.io'] });

export interface FakeNpmOptions {
  latencyMs?: number;
  /** Each install's package names, in order, for assertions. */
  installs?: string[][];
  failWith?: { code: number; output: string };
}

export function fakeNpm(options: FakeNpmOptions = {}): FakeScript {
  return async (call, io) => {
    const fs = io.container.fs;
    const manifest = JSON.parse(await fs.readFile('package.json', 'utf-8')) as { dependencies?: Record<string, string> };
    const lock = JSON.parse(await fs.readFile('package-lock.json', 'utf-8')) as { packages: Record<string, { version: string }> };
    const wanted = Object.entries(manifest.dependencies ?? {});
    for (const [name, version] of wanted) {
      if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`npm ERR! ${name}@${version} is a range; the course installs exact versions`);
      if (lock.packages[`node_modules/${name}`]?.version !== version) throw new Error(`npm ERR! ${name}@${version} is not in package-lock.json`);
    }
    const stop = new Promise<'killed'>((resolve) => void io.killed.then(() => resolve('killed')));
    const wait = new Promise<'done'>((resolve) => setTimeout(() => resolve('done'), options.latencyMs ?? 0));
    if ((await Promise.race([stop, wait])) === 'killed') return 143;
    if (options.failWith) {
      io.printErr(options.failWith.output);
      return options.failWith.code;
    }
    options.installs?.push(wanted.map(([name]) => name));
    const paths = Object.keys(lock.packages).filter((path) => path !== '');
    for (const path of paths) {
      await fs.mkdir(path, { recursive: true });
      await fs.writeFile(`${path}/package.json`, JSON.stringify({ version: lock.packages[path]!.version }));
    }
    if (paths.includes('node_modules/vitest')) await fs.writeFile('node_modules/vitest/vitest.mjs', '// vitest');
    io.print(`\nadded ${paths.length} packages in ${((options.latencyMs ?? 0) / 1000).toFixed(0)}s\n`);
    void call;
    return 0;
  };
}
