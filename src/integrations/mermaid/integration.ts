/**
 * The Astro side of build-time diagrams. It registers no Markdown plugin (astro.config.mjs adds
 * rehypeMermaid to the unified processor); it only looks after the lifecycle around it:
 *
 * - hands Astro's logger to the renderer, so the one "no browser" warning is printed like Astro's own;
 * - closes the shared Chromium when the build is done or the dev server stops, so the process can exit;
 * - provides the virtual stylesheet `virtual:course-mermaid/shared-styles.css` with Mermaid's rules that
 *   every build-time SVG of a type shares, drawn from the same Mermaid (shared-styles.ts);
 * - serves the client fallback files in dev, and copies them into the build output only when some page
 *   fell back to drawing diagrams in the reader's browser.
 */
import type { AstroIntegration } from 'astro';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { closeMermaidRenderer, sharedRenderer, sharedState } from './renderer.ts';
import { SHARED_STYLES_MODULE, resetSharedStyles, sharedStyles } from './shared-styles.ts';
import { copyVendorFiles, vendorFiles, VENDOR_OUTPUT_DIR } from './vendor-files.ts';

export default function mermaid(): AstroIntegration {
  return {
    name: 'course-mermaid',
    hooks: {
      'astro:config:setup': ({ logger, updateConfig }) => {
        const state = sharedState();
        state.logger = logger;
        state.fallbackUsed = false;
        resetSharedStyles();
        updateConfig({ vite: { plugins: [sharedStylesPlugin()] } });
      },
      'astro:server:setup': async ({ server }) => {
        server.middlewares.use(await vendorMiddleware(`/${VENDOR_OUTPUT_DIR}/`));
      },
      'astro:server:done': async () => {
        await closeMermaidRenderer();
      },
      'astro:build:done': async ({ dir, logger }) => {
        await closeMermaidRenderer();
        if (!sharedState().fallbackUsed) return;
        const count = await copyVendorFiles(fileURLToPath(dir));
        logger.info(`Copied ${count} Mermaid files to ${VENDOR_OUTPUT_DIR}/ for diagrams drawn in the browser.`);
      },
    },
  };
}

/**
 * Serves SHARED_STYLES_MODULE. Its text comes from the same build-wide answer the rehype plugin uses to
 * decide which `<style>` elements it may drop, whichever of the two asks first; both use the renderer
 * for default options, as astro.config.mjs configures rehypeMermaid.
 */
export function sharedStylesPlugin(): Plugin {
  // The \0 prefix marks a virtual module to other plugins; the .css ending makes Vite treat it as CSS,
  // bundled into the site's one cached stylesheet in a build.
  const resolvedId = `\0${SHARED_STYLES_MODULE}`;
  return {
    name: 'course-mermaid-shared-styles',
    resolveId: (id) => (id === SHARED_STYLES_MODULE ? resolvedId : undefined),
    load: async (id) => (id === resolvedId ? (await sharedStyles(sharedRenderer(), sharedState().logger)).css : undefined),
  };
}

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/**
 * Serves the vendor files under `mountPath` from node_modules and src, exactly the set the build would
 * copy; anything else under the path falls through to Astro (and its 404).
 */
export async function vendorMiddleware(mountPath: string): Promise<Middleware> {
  const files = await vendorFiles();
  return (request, response, next) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!pathname.startsWith(mountPath)) return next();
    const file = files.get(decodeURIComponent(pathname.slice(mountPath.length)));
    if (!file) return next();
    response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    // The dev server sends COEP require-corp; same-origin scripts pass, this states it for any proxy.
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    createReadStream(file).pipe(response);
  };
}
