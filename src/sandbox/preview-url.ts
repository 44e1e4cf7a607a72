/**
 * Where the page finds a server the learner's program started on the local runner. The course server
 * serves previews on a separate origin (its own loopback port, src/server/preview-server.ts) under this
 * prefix, with a random key per run and port; the runner's `port` message carries the full URL
 * (`previewUrl`). The preview server parses the same pattern with `parsePreviewPath`, so both ends
 * share one definition.
 */
export const PREVIEW_PREFIX = '/__runner/preview/';

/** `/__runner/preview/<key>/<path>`: the path of `path` (default `/`) on the run's server. */
export function previewUrl(runId: string, path = '/'): string {
  const rest = path.startsWith('/') ? path.slice(1) : path;
  return `${PREVIEW_PREFIX}${encodeURIComponent(runId)}/${rest}`;
}

/** The inverse of `previewUrl` for the proxy: the run id and the path to forward, or undefined. */
export function parsePreviewPath(pathname: string): { runId: string; path: string } | undefined {
  if (!pathname.startsWith(PREVIEW_PREFIX)) return undefined;
  const rest = pathname.slice(PREVIEW_PREFIX.length);
  const slash = rest.indexOf('/');
  const encodedId = slash === -1 ? rest : rest.slice(0, slash);
  if (encodedId === '') return undefined;
  let runId: string;
  try {
    runId = decodeURIComponent(encodedId);
  } catch {
    return undefined;
  }
  return { runId, path: slash === -1 ? '/' : rest.slice(slash) };
}

/**
 * The URL of `path` on a server the runtime reported (ServerReady.url). Resolves relative to the
 * server URL, so the local runner's path prefix is kept: `new URL('/x', url)` would drop it.
 */
export function previewPage(serverUrl: string, path = '/'): string {
  const base = serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`;
  return new URL(path.replace(/^\/+/, ''), base).href;
}
