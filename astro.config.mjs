// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import courseContent from './src/integrations/course-content.ts';
import { crossOriginIsolation } from './src/integrations/cross-origin-isolation.ts';

export default defineConfig({
  site: process.env.COURSE_SITE_URL ?? 'http://localhost:4321',
  trailingSlash: 'always',
  server: { port: 4321, host: '127.0.0.1', headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'always' },
  markdown: {
    processor: unified({ rehypePlugins: [] }),
    syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid'] },
    shikiConfig: {
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
      wrap: false,
    },
  },
  integrations: [courseContent(), mdx()],
});
