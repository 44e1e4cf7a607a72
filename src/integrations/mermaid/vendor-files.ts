/**
 * The files a browser needs to draw Mermaid diagrams itself: Mermaid's ESM bundle with its lazily loaded
 * chunks, and our two browser modules. The build renderer serves them to headless Chromium; the Astro
 * integration serves them in dev and copies them into the build output when some page fell back to
 * client-side rendering.
 *
 * Only the minified ESM build is used, without source maps: 104 files, about 5.4 MB on disk, of which a
 * sequence diagram page fetches a fraction.
 */
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** URL path under which the files are served; the fallback markup points here. */
export const DEFAULT_VENDOR_URL = '/vendor/mermaid/';

/** Folder of the build output (relative to `dist/`) that mirrors DEFAULT_VENDOR_URL. */
export const VENDOR_OUTPUT_DIR = 'vendor/mermaid';

export const FALLBACK_SCRIPT = 'render-fallback.js';

const BROWSER_DIR = fileURLToPath(new URL('./browser/', import.meta.url));

/** The installed Mermaid: version (part of the cache key) and its `dist` folder. */
export function mermaidPackage(): { version: string; distDir: string } {
  const require = createRequire(import.meta.url);
  let packageJsonPath: string;
  try {
    packageJsonPath = require.resolve('mermaid/package.json');
  } catch {
    throw new Error(
      'The mermaid package is not installed, so diagrams cannot be rendered. Run `npm install` in the project ' +
        'folder (mermaid is listed in package.json), then build again.',
    );
  }
  const { version } = require(packageJsonPath) as { version: string };
  return { version, distDir: path.join(path.dirname(packageJsonPath), 'dist') };
}

/** Every vendor file as `relative URL path → absolute file path`, e.g. `chunks/…/x.mjs`. */
export async function vendorFiles(): Promise<Map<string, string>> {
  const { distDir } = mermaidPackage();
  const files = new Map<string, string>();
  files.set('mermaid.esm.min.mjs', path.join(distDir, 'mermaid.esm.min.mjs'));
  const chunkDir = path.join(distDir, 'chunks', 'mermaid.esm.min');
  for (const name of await readdir(chunkDir)) {
    if (name.endsWith('.mjs')) files.set(`chunks/mermaid.esm.min/${name}`, path.join(chunkDir, name));
  }
  for (const name of ['render-diagram.js', FALLBACK_SCRIPT]) files.set(name, path.join(BROWSER_DIR, name));
  return files;
}

/** Source of the shared browser module; hashed into the cache key so a change re-renders every diagram. */
export async function renderModuleSource(): Promise<string> {
  return readFile(path.join(BROWSER_DIR, 'render-diagram.js'), 'utf8');
}

/** Copies every vendor file under `outDir/vendor/mermaid/`. Returns how many files were copied. */
export async function copyVendorFiles(outDir: string): Promise<number> {
  const files = await vendorFiles();
  const target = path.join(outDir, VENDOR_OUTPUT_DIR);
  for (const [relative, source] of files) {
    const destination = path.join(target, relative);
    await mkdir(path.dirname(destination), { recursive: true });
    await copyFile(source, destination);
  }
  return files.size;
}
