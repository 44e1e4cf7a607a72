// 103 Early Hints, graded with Node's HTTP/2 and HTTP/1.1 clients and curl.
import { afterEach, describe, expect, test } from 'vitest';
import { PAGE_HTML } from '../page.ts';
import { closeAll, curlHeaders, h1Get, h2Get, startSite } from './peers.ts';

const THINK_MS = 150;
afterEach(closeAll);

function links(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(', ') : value) ?? '';
}

describe('early-hints mode', () => {
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

  test('the 103 leaves before the slow part, not after it', async () => {
    const origin = await startSite('early-hints', THINK_MS);
    const page = await h2Get(origin, '/', true);
    const hint = page.informational[0];
    expect(hint, 'no 103 arrived').toBeDefined();
    expect(hint!.at, 'A hint sent after the page is generated arrives together with the page and saves nothing').toBeLessThan(page.responseAt - THINK_MS / 2);
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
