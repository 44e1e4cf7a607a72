/**
 * Keeps Monaco's CSS out of the first paint. Monaco's ES modules import their own style sheets
 * (`import './suggest.css'`); Astro collects CSS reached through dynamic `import()` from page scripts
 * into the page itself (withastro/astro#9495), so every lesson page would carry ~230 KB of editor CSS
 * inline, although the editor loads only when a learner activates a sandbox.
 *
 * This Vite plugin resolves each CSS import made by a monaco-editor module to a small JS module that
 * imports the sheet as a string (`?inline`, so Vite still rewrites its url()s, e.g. the codicon font)
 * and adds it to the page when the editor chunk runs (src/sandbox/monaco-style-sheet.ts).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const PREFIX = '\0course-monaco-style:';
// Ends in .js so Vite's CSS pipeline (which matches ids ending in .css) leaves the wrapper alone.
const SUFFIX = '.style.js';
const MONACO_MODULE = /[\\/]monaco-editor[\\/]esm[\\/]/;
const injector = fileURLToPath(new URL('../sandbox/monaco-style-sheet.ts', import.meta.url));

export function monacoStylesPlugin(): Plugin {
  return {
    name: 'course-monaco-styles',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !source.endsWith('.css') || !MONACO_MODULE.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return null;
      return `${PREFIX}${resolved.id}${SUFFIX}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      const name = file.slice(file.search(MONACO_MODULE) + 1).split('\\').join('/');
      return [
        `import css from ${JSON.stringify(`${file}?inline`)};`,
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
