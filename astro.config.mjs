// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import courseContent from './src/integrations/course-content.ts';
import mermaid, { rehypeMermaid } from './src/integrations/mermaid/index.ts';
import monacoStyles from './src/integrations/monaco-styles.ts';
import courseRunner from './src/integrations/course-runner.ts';
import { crossOriginIsolation } from './src/integrations/cross-origin-isolation.ts';

export default defineConfig({
  site: process.env.COURSE_SITE_URL ?? 'http://localhost:4321',
  trailingSlash: 'always',
  server: { port: 4321, host: '127.0.0.1', headers: crossOriginIsolation },
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'always' },
  markdown: {
    processor: unified({ rehypePlugins: [[rehypeMermaid, {}]] }),
    syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid'] },
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
      wrap: false,
    },
  },
  integrations: [courseContent(), mermaid(), mdx(), monacoStyles(), courseRunner()],
});
