/**
 * Our own server for the built site (`npm start`): static files from dist/ with the headers the course
 * needs (cross-origin isolation for WebContainers, long caching for hashed assets, gzip), and a hook for
 * WebSocket upgrades so the local code runner can share the port.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { crossOriginIsolation } from '../integrations/cross-origin-isolation.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  // Pagefind's index fragments are binary.
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};
// TrueType and WebAssembly are uncompressed formats (Monaco's icon font, as the build cuts it down,
// shrinks from 16.7 to 8.9 KB); woff2 and the raster images are compressed already, so gzipping them again
// would only cost CPU.
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|wasm)|image\/(svg|x-icon)|font\/(ttf|otf))/;

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface StaticServerOptions {
  /** Folder of the built site. */
  root: string;
  /** Extra headers on every response. */
  headers?: Record<string, string>;
  /** Handlers tried in order for WebSocket upgrades; each returns true when it took the request. */
  upgrades?: UpgradeHandler[];
  /** Handlers tried in order before static files (e.g. the runner's config); true when answered. */
  handlers?: RequestHandler[];
  /** Handlers tried when no file matches, before the 404 page (e.g. a preview page's own requests). */
  fallbacks?: RequestHandler[];
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Resolves a URL path to a file inside root, or undefined (never a path outside root). */
export function resolveStaticPath(root: string, urlPath: string): { file: string; redirect?: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const target = resolve(base, `.${normalize(`/${decoded}`)}`);
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  if (existsSync(target) && statSync(target).isDirectory()) {
    // Directory URLs end with a slash so relative links inside the page resolve correctly.
    if (!urlPath.endsWith('/')) return { file: '', redirect: `${urlPath}/` };
    const index = join(target, 'index.html');
    return existsSync(index) ? { file: index } : undefined;
  }
  return existsSync(target) && statSync(target).isFile() ? { file: target } : undefined;
}

const gzipAsync = promisify(gzip);
const gzipCache = new Map<string, { mtime: number; body: Promise<Buffer> }>();

/**
 * A file's gzipped bytes, compressed once per version of the file. Compressed on libuv's thread pool, not
 * with gzipSync: the runner's WebSocket shares this process, and the 4 MB TypeScript worker took ~150 ms
 * to compress, during which no learner's output or keystroke got through. Concurrent first requests share
 * one compression.
 */
function gzipped(file: string, mtime: number): Promise<Buffer> {
  const cached = gzipCache.get(file);
  if (cached && cached.mtime === mtime) return cached.body;
  const body = readFile(file).then((raw) => gzipAsync(raw));
  gzipCache.set(file, { mtime, body });
  body.catch(() => gzipCache.delete(file));
  return body;
}

/**
 * Compresses the large files of the built site ahead of their first request (the editor's chunks, the
 * TypeScript worker, the declaration bundles: 58 files, 17 MB), so the first learner to open the editor
 * after the server starts does not wait for them to be gzipped one request at a time. Runs on the thread
 * pool; `npm start` does not wait for it. Resolves with what it compressed.
 */
export async function precompress(root: string, minBytes = 64 * 1024): Promise<{ files: number; bytes: number }> {
  const large = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && COMPRESSIBLE.test(MIME[extname(entry.name).toLowerCase()] ?? ''))
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => ({ file, stat: statSync(file) }))
    .filter(({ stat }) => stat.size >= minBytes);
  const results = await Promise.allSettled(large.map(({ file, stat }) => gzipped(file, stat.mtimeMs)));
  return { files: results.filter((result) => result.status === 'fulfilled').length, bytes: large.reduce((total, { stat }) => total + stat.size, 0) };
}

function send(req: IncomingMessage, res: ServerResponse, file: string, status: number, headers: Record<string, string>): void {
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const stat = statSync(file);
  const immutable = file.includes(`${sep}_astro${sep}`);
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const sendAsIs = () => {
    res.writeHead(status, { 'Content-Length': stat.size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (!acceptsGzip || !COMPRESSIBLE.test(type) || stat.size <= 512) return sendAsIs();
  gzipped(file, stat.mtimeMs).then(
    (body) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Encoding': 'gzip', 'Content-Length': body.length, Vary: 'Accept-Encoding' });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    // Unreadable now (e.g. replaced by a rebuild mid-request): the plain file, or the stream's own error.
    () => {
      if (!res.destroyed && !res.headersSent) sendAsIs();
    },
  );
}

/**
 * The "not found" page for a missing path: an edition's own (`/ja/…` → `ja/404/index.html`, in Japanese)
 * when the first path segment names an edition that has one, else the site's `404.html`.
 */
export function notFoundPage(root: string, path: string): string | undefined {
  const first = /^\/([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\//.exec(path)?.[1];
  const candidates = [...(first ? [join(root, first, '404', 'index.html')] : []), join(root, '404.html')];
  return candidates.find((file) => existsSync(file));
}

export function createStaticServer(options: StaticServerOptions): Server {
  const headers = { ...crossOriginIsolation, ...options.headers };
  const server = createServer((req, res) => {
    for (const handler of options.handlers ?? []) if (handler(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      for (const handler of options.fallbacks ?? []) if (handler(req, res)) return;
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const found = resolveStaticPath(options.root, path);
    if (found?.redirect) {
      res.writeHead(301, { Location: found.redirect }).end();
      return;
    }
    if (found) return send(req, res, found.file, 200, headers);
    for (const handler of options.fallbacks ?? []) if (handler(req, res)) return;
    const notFound = notFoundPage(options.root, path);
    if (notFound) return send(req, res, notFound, 404, headers);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  });
  server.on('upgrade', (req, socket, head) => {
    for (const handler of options.upgrades ?? []) if (handler(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  return server;
}
