import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStaticServer, precompress, resolveStaticPath } from '../../src/server/static-server.ts';

let root: string;
let base: string;
let server: ReturnType<typeof createStaticServer>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'static-'));
  mkdirSync(join(root, 'foundations/polling'), { recursive: true });
  mkdirSync(join(root, '_astro'));
  writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(root, '404.html'), '<h1>missing</h1>');
  mkdirSync(join(root, 'ja/404'), { recursive: true });
  writeFileSync(join(root, 'ja/404/index.html'), '<h1>ページが見つかりません</h1>');
  writeFileSync(join(root, 'foundations/polling/index.html'), `<h1>polling</h1>${'x'.repeat(2000)}`);
  writeFileSync(join(root, '_astro/app.abc123.js'), 'console.log(1)');
  // Stand-ins for Monaco's icon font (uncompressed TrueType) and an already compressed woff2.
  writeFileSync(join(root, '_astro/codicon.abc123.ttf'), Buffer.alloc(4096, 7));
  writeFileSync(join(root, '_astro/inter.abc123.woff2'), Buffer.alloc(4096, 7));
  server = createStaticServer({
    root,
    upgrades: [(req, socket) => (req.url === '/__taken' ? (socket.end('HTTP/1.1 418 Taken\r\n\r\n'), true) : false)],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('static server', () => {
  test('serves pages with cross-origin isolation headers', async () => {
    const response = await fetch(`${base}/foundations/polling/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('<h1>polling</h1>');
  });

  test('gzips TrueType fonts (Monaco\'s codicon.ttf) but not woff2, which is compressed already', async () => {
    const ttf = await fetch(`${base}/_astro/codicon.abc123.ttf`);
    expect(ttf.headers.get('content-type')).toBe('font/ttf');
    expect(ttf.headers.get('content-encoding')).toBe('gzip');
    expect(Buffer.from(await ttf.arrayBuffer())).toEqual(Buffer.alloc(4096, 7));
    const woff2 = await fetch(`${base}/_astro/inter.abc123.woff2`);
    expect(woff2.headers.get('content-encoding')).toBeNull();
  });

  test('compresses off the event loop: a small request made while a large file is first gzipped is answered first', async () => {
    // 24 MB of pseudo-random text takes hundreds of milliseconds to gzip. gzipSync would hold the event
    // loop, so the large response's headers would go out before the small request was even read.
    let seed = 1;
    const text = Buffer.alloc(24 * 1024 * 1024);
    for (let index = 0; index < text.length; index++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      text[index] = 97 + (seed % 26);
    }
    writeFileSync(join(root, '_astro/large.abc123.js'), text);
    const order: string[] = [];
    const large = fetch(`${base}/_astro/large.abc123.js`).then(async (response) => {
      order.push('large');
      return { encoding: response.headers.get('content-encoding'), length: (await response.arrayBuffer()).byteLength };
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const small = await fetch(`${base}/_astro/app.abc123.js`);
    order.push('small');
    expect(await small.text()).toBe('console.log(1)');
    expect(await large).toEqual({ encoding: 'gzip', length: text.length });
    expect(order).toEqual(['small', 'large']);
  });

  test('precompress gzips the large files ahead of their first request, and only those', async () => {
    const dir = join(root, 'precompressed');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    const large = join(dir, 'nested', 'big.abc123.js');
    writeFileSync(large, `// first version\n${'let x = 1;\n'.repeat(10_000)}`);
    // A whole second, so the time stamp can be set back exactly after the rewrite below.
    const stamp = Math.floor(Date.now() / 1000) - 60;
    utimesSync(large, stamp, stamp);
    writeFileSync(join(dir, 'small.abc123.js'), 'let y = 2;\n'.repeat(100));
    writeFileSync(join(dir, 'image.abc123.png'), Buffer.alloc(100_000, 1));
    expect(await precompress(dir, 64 * 1024)).toMatchObject({ files: 1 });
    // Same size and time stamp, other text: a response with the first version comes from the gzip made
    // ahead of the request (the cache is keyed by modification time, as a rebuild changes it).
    writeFileSync(large, `// other version\n${'let x = 1;\n'.repeat(10_000)}`);
    utimesSync(large, stamp, stamp);
    const response = await fetch(`${base}/precompressed/nested/big.abc123.js`);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect((await response.text()).startsWith('// first version')).toBe(true);
  });

  test('redirects directory URLs to a trailing slash', async () => {
    const response = await fetch(`${base}/foundations/polling`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/foundations/polling/');
  });

  test('hashed assets are cached for a year, pages are revalidated', async () => {
    expect((await fetch(`${base}/_astro/app.abc123.js`)).headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/`)).headers.get('cache-control')).toBe('no-cache');
  });

  test('unknown paths get the 404 page with status 404', async () => {
    const response = await fetch(`${base}/nope/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<h1>missing</h1>');
  });

  test('a missing page of an edition gets that edition 404 page; other paths get the site 404 page', async () => {
    const japanese = await fetch(`${base}/ja/foundations/nope/`);
    expect(japanese.status).toBe(404);
    expect(await japanese.text()).toBe('<h1>ページが見つかりません</h1>');
    const french = await fetch(`${base}/fr/foundations/nope/`);
    expect(french.status).toBe(404);
    expect(await french.text()).toBe('<h1>missing</h1>');
    expect(await (await fetch(`${base}/jam/`)).text()).toBe('<h1>missing</h1>');
  });

  test('refuses other methods', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });

  test('passes upgrades to the first handler that takes them, and refuses the rest', async () => {
    const status = (path: string) =>
      new Promise<number | undefined>((resolve) => {
        const req = request(`${base}${path}`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
        req.on('response', (res) => resolve(res.statusCode));
        req.on('upgrade', (res) => resolve(res.statusCode));
        req.end();
      });
    expect(await status('/__taken')).toBe(418);
    expect(await status('/other')).toBe(404);
  });
});

describe('resolveStaticPath never leaves the root', () => {
  test.each(['/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/a/../../x', '/%00', '/%E0%A4%A'])('%s', (path) => {
    const found = resolveStaticPath('/srv/site', path);
    expect(found === undefined || found.file.startsWith('/srv/site')).toBe(true);
  });
});
