/**
 * Keeps Monaco's CSS out of the first paint. Monaco's ES modules import their own style sheets
 * (`import './suggest.css'`); Astro collects CSS reached through dynamic `import()` from page scripts
 * into the page itself (withastro/astro#9495), so every lesson page would carry ~230 KB of editor CSS
 * inline, although the editor loads only when a learner activates a sandbox.
 *
 * This Vite plugin resolves each import of a monaco-editor style sheet to a small JS module that
 * imports the sheet as a string (`?inline`, so Vite still rewrites its url()s, e.g. the codicon font)
 * and adds it to the page when the editor chunk runs (src/sandbox/monaco-style-sheet.ts). The icon font's
 * sheet comes from codicon-subset.ts instead, with a font cut down to the icons Monaco can show.
 */
import type { AstroIntegration } from 'astro';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { CODICON_CSS, writeCodiconSubset } from './codicon-subset.ts';

const PREFIX = '\0course-monaco-style:';
// Ends in .js so Vite's CSS pipeline (which matches ids ending in .css) leaves the wrapper alone.
const SUFFIX = '.style.js';
const MONACO_MODULE = /[\\/]monaco-editor[\\/]esm[\\/]/;
const injector = fileURLToPath(new URL('../sandbox/monaco-style-sheet.ts', import.meta.url));

export function monacoStylesPlugin(): Plugin {
  let cacheDir = '';
  let codiconSheet: Promise<string> | undefined;
  return {
    name: 'course-monaco-styles',
    enforce: 'pre',
    configResolved(config) {
      cacheDir = config.cacheDir;
    },
    async resolveId(source, importer, options) {
      if (!importer || !source.endsWith('.css')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      // Any of Monaco's sheets, whoever imports it: monaco-contributions.js imports the icon font's two.
      if (!resolved || resolved.external || !MONACO_MODULE.test(resolved.id)) return null;
      return `${PREFIX}${resolved.id}${SUFFIX}`;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      const name = file.slice(file.search(MONACO_MODULE) + 1).split('\\').join('/');
      // Once per build (or dev server), and only if the editor's styles are reached at all.
      const sheet = file === CODICON_CSS ? await (codiconSheet ??= writeCodiconSubset(join(cacheDir, 'course-codicon'))) : file;
      return [
        `import css from ${JSON.stringify(`${sheet}?inline`)};`,
        `import { adoptStyleSheet } from ${JSON.stringify(injector)};`,
        `adoptStyleSheet(${JSON.stringify(name)}, css);`,
      ].join('\n');
    },
  };
}

export default function monacoStyles(): AstroIntegration {
  return {
    name: 'course-monaco-styles',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ vite: { plugins: [monacoStylesPlugin()] } });
      },
    },
  };
}
