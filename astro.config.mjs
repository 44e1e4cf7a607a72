// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import courseContent from './src/integrations/course-content.ts';
import mermaid, { rehypeMermaid } from './src/integrations/mermaid/index.ts';
import monacoStyles from './src/integrations/monaco-styles.ts';
import { typescriptWorkerLibsPlugin } from './src/integrations/typescript-worker-libs.ts';
import { editorChunkUrlsPlugin } from './src/integrations/editor-chunk-urls.ts';
import courseRunner from './src/integrations/course-runner.ts';
import { compactHighlighting } from './src/integrations/shiki-compact.ts';
import { fileURLToPath } from 'node:url';
import { crossOriginIsolation } from './src/integrations/cross-origin-isolation.ts';
import rehypeTranslation from './src/integrations/rehype-translation.ts';
import rehypeRowHeaders from './src/integrations/rehype-row-headers.ts';

export default defineConfig({
  site: process.env.COURSE_SITE_URL ?? 'http://localhost:4321',
  trailingSlash: 'always',
  // PORT=5000 npm run dev works as on most Node hosts; `npm run dev -- --port 5000` overrides both.
  server: { port: Number(process.env.PORT) || 4321, host: '127.0.0.1', headers: crossOriginIsolation },
  devToolbar: { enabled: false },
  // One cached stylesheet for the site instead of the same CSS inlined in every page (issue #15); sheets under
  // Vite's 4 KB inline limit stay inline, saving a request.
  build: { inlineStylesheets: 'auto' },
  markdown: {
    // rehypeTranslation: translated lessons take the English heading ids and link within their edition.
    // rehypeRowHeaders: a comparison table's first column becomes row headers.
    processor: unified({ rehypePlugins: [[rehypeTranslation, {}], [rehypeRowHeaders, {}], [rehypeMermaid, {}]] }),
    syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid'] },
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
      wrap: false,
      // One span per run of same-coloured tokens, no per-line spans: a third of the elements (shiki-compact.ts).
      transformers: [compactHighlighting],
    },
  },
  integrations: [courseContent(), mermaid(), mdx(), monacoStyles(), courseRunner()],
  vite: {
    // The TypeScript worker without the browser's libraries (DOM, web workers): sandboxes are Node programs.
    // In `plugins` for the dev server, in `worker.plugins` for the worker bundle the build makes.
    // editorChunkUrlsPlugin: the URLs of the editor's chunks, for the loader to preload them all at once.
    plugins: [typescriptWorkerLibsPlugin(), editorChunkUrlsPlugin()],
    worker: { plugins: () => [typescriptWorkerLibsPlugin()] },
    resolve: {
      // Monaco's language worker managers import internal/common/workers.js, which registers every editor
      // contribution; ours registers the ones a sandbox uses (src/sandbox/monaco-contributions.js).
      alias: [{ find: /^(?:\.\.\/)+internal\/common\/workers\.js$/, replacement: fileURLToPath(new URL('./src/sandbox/monaco-contributions.js', import.meta.url)) }],
    },
    build: {
      // The only chunks over Vite's 500 kB default are Monaco's editor (≈2.8 MB) and its TypeScript worker
      // (≈6.9 MB), loaded on demand by sandbox pages only; splitting them would not shrink what is downloaded.
      chunkSizeWarningLimit: 8000,
      rolldownOptions: {
        onwarn(warning, warn) {
          // Astro's MDX output carries a "use astro:head-inject" directive that Astro itself handles; rolldown
          // warns once per lesson that it may drop it. Not ours to fix: withastro/astro#18087 (open on Astro 7.3).
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
