/**
 * Build-time Mermaid diagrams for the course site. Wiring in astro.config.mjs:
 *
 *   import mermaid, { rehypeMermaid } from './src/integrations/mermaid/index.ts';
 *   markdown: {
 *     processor: unified({ rehypePlugins: [[rehypeMermaid, {}]] }),
 *     syntaxHighlight: { type: 'shiki', excludeLangs: ['mermaid'] },
 *   },
 *   integrations: [mermaid(), mdx()],
 *
 * and the page layout imports './diagram.css' and 'virtual:course-mermaid/shared-styles.css' (served by the
 * integration, see shared-styles.ts). Options are documented on RehypeMermaidOptions.
 */
export { default } from './integration.ts';
export { default as rehypeMermaid, type RehypeMermaidOptions } from './rehype-mermaid.ts';
export { closeMermaidRenderer, parseMermaid, type ParseResult, type RendererOptions } from './renderer.ts';
export { describeDiagram, readAccessibilityDirectives, type TextAlternative } from './text-alternative.ts';
export { MermaidSyntaxError, formatMermaidSyntaxError } from './syntax-error.ts';
export { copyVendorFiles, DEFAULT_VENDOR_URL } from './vendor-files.ts';
export { SHARED_STYLES_MODULE, sharedStyles, type SharedStyles } from './shared-styles.ts';
