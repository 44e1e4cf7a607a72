// HTTP/2 Server Push and 103 Early Hints, graded with Node's HTTP/2 and HTTP/1.1 clients and curl.
// One spec file, so one vitest worker. Each test has a site of its own, so most run concurrently; the two
// that compare arrival times run last and alone, where other tests' work cannot delay a frame.
import { afterAll, describe, expect, test } from 'vitest';
import { PAGE_HTML, STYLESHEET } from '../page.ts';
import { closeAll, curlHeaders, h1Get, h2Get, startSite } from './peers.ts';

const THINK_MS = 150;
afterAll(closeAll);

function links(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(', ') : value) ?? '';
}

describe.concurrent('early-hints mode', () => {
  test('over HTTP/2: a 103 with Link: </style.css>; rel=preload; as=style, then the 200 page', async () => {
    const origin = await startSite('early-hints', THINK_MS);
    const page = await h2Get(origin, '/', true);
    expect(page.informational.map((i) => i.status), 'One informational 103 response before the final one (response.writeEarlyHints)').toEqual([103]);
    const link = links(page.informational[0]!.headers.link);
    expect(link, 'The hint names the stylesheet').toContain('</style.css>');
    expect(link, 'rel=preload asks the browser to fetch it now').toMatch(/rel="?preload"?/);
    expect(link, 'as=style: without the right destination the browser cannot reuse the preload for the <link rel=stylesheet>').toMatch(/as="?style"?/);
    expect(page.status).toBe(200);
    expect(page.body).toBe(PAGE_HTML);
    expect(page.pushes, 'Early Hints replace the push: the browser fetches the file itself').toEqual([]);
  });

  test('over HTTP/1.1 the same hint arrives as an "information" event', async () => {
    const origin = await startSite('early-hints', THINK_MS);
    const page = await h1Get(origin, '/');
    expect(page.informational.map((i) => i.status)).toEqual([103]);
    expect(links(page.informational[0]!.headers.link)).toContain('</style.css>');
    expect(page.status).toBe(200);
  });

  test('curl --http2 prints the 103 header block before the 200', async (context) => {
    const origin = await startSite('early-hints', THINK_MS);
    const dump = await curlHeaders(`${origin}/`);
    if (dump === undefined) return context.skip();
    expect(dump, 'curl shows every header block it receives').toMatch(/^HTTP\/2 103[\s\S]*^link: <\/style\.css>[\s\S]*^HTTP\/2 200/im);
  });
});

describe.concurrent('push mode, to a client that accepts pushes', () => {
  test('the stylesheet is promised (PUSH_PROMISE for /style.css) and pushed whole, as text/css', async () => {
    const origin = await startSite('push', THINK_MS);
    const page = await h2Get(origin, '/', true);
    expect(page.status).toBe(200);
    expect(page.body).toBe(PAGE_HTML);
    expect(page.pushes.map((p) => p.path), 'Exactly one push, promising :path /style.css (createPushResponse on the page\'s response)').toEqual(['/style.css']);
    const [push] = page.pushes;
    expect(push?.headers[':status'], 'The pushed response needs a status like any response').toBe(200);
    expect(String(push?.headers['content-type'] ?? '(no content-type)'), 'A pushed stylesheet must say it is CSS, or the browser cannot use it').toMatch(/^text\/css/);
    expect(push?.body, 'The pushed body is the stylesheet').toBe(STYLESHEET);
  });

  test('a direct GET /style.css still works, and is not answered with more pushes', async () => {
    const origin = await startSite('push', THINK_MS);
    const css = await h2Get(origin, '/style.css', true);
    expect(css.status).toBe(200);
    expect(css.body).toBe(STYLESHEET);
    expect(css.pushes, 'Only the page pushes its stylesheet').toEqual([]);
  });
});

describe.concurrent('push mode, to clients that cannot or will not take pushes', () => {
  test('a client that sent SETTINGS_ENABLE_PUSH = 0 (every browser today) gets the page and no push', async () => {
    const origin = await startSite('push', THINK_MS);
    const page = await h2Get(origin, '/', false).catch((error: Error) => {
      throw new Error(`${error.message}. A client that disabled push must still get its page: check the session's remoteSettings.enablePush (or stream.pushAllowed) before pushing, because pushStream() throws ERR_HTTP2_PUSH_DISABLED.`);
    });
    expect(page.status, 'The page must not fail because the client refuses pushes: check session.remoteSettings.enablePush (or stream.pushAllowed) first, since pushStream() throws ERR_HTTP2_PUSH_DISABLED').toBe(200);
    expect(page.body).toBe(PAGE_HTML);
    expect(page.pushes).toEqual([]);
  });

  test('an HTTP/1.1 client gets the page (HTTP/1.1 has no push)', async () => {
    const origin = await startSite('push', THINK_MS);
    const page = await h1Get(origin, '/');
    expect(page.status, 'HTTP/1.1 requests arrive at the same handler (allowHTTP1); they have no push to make').toBe(200);
    expect(page.body).toBe(PAGE_HTML);
  });

  test('curl --http2 (which refuses pushes) gets HTTP/2 200', async (context) => {
    const origin = await startSite('push', THINK_MS);
    const dump = await curlHeaders(`${origin}/`);
    if (dump === undefined) return context.skip();
    expect(dump, 'curl must see an HTTP/2 200 for the page (curl sends SETTINGS_ENABLE_PUSH = 0, so do not push to it)').toMatch(/^HTTP\/2 200/m);
  });
});

describe('early-hints mode', () => {
  test('the 103 leaves before the slow part, not after it', async () => {
    const origin = await startSite('early-hints', THINK_MS);
    const page = await h2Get(origin, '/', true);
    const hint = page.informational[0];
    expect(hint, 'no 103 arrived').toBeDefined();
    expect(hint!.at, 'A hint sent after the page is generated arrives together with the page and saves nothing').toBeLessThan(page.responseAt - THINK_MS / 2);
  });
});

describe('push mode, to a client that accepts pushes', () => {
  test('the promise arrives before the page\'s response, while the page is still being generated', async () => {
    const origin = await startSite('push', THINK_MS);
    const page = await h2Get(origin, '/', true);
    const [push] = page.pushes;
    expect(push, 'no push arrived at all').toBeDefined();
    expect(push!.promisedAt, 'Push before the slow part: the point is to use the time the server spends thinking').toBeLessThan(page.responseAt - THINK_MS / 2);
  });
});
