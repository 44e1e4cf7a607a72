import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createPollingServer, type PollingServer } from '../server.ts';

let app: PollingServer;
let url: string;

beforeEach(async () => {
  app = createPollingServer('{"score":"0-0"}');
  app.server.listen(0, '127.0.0.1');
  await once(app.server, 'listening');
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/match/42`;
});

afterEach(() => {
  app.server.closeAllConnections();
  app.server.close();
});

async function get(ifNoneMatch?: string): Promise<{ status: number; etag: string | null; body: string }> {
  const response = await fetch(url, { headers: ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch } });
  return { status: response.status, etag: response.headers.get('etag'), body: await response.text() };
}

async function currentEtag(): Promise<string> {
  const { etag } = await get();
  expect(etag, 'Every 200 answer needs an ETag header.').toBeTruthy();
  return etag as string;
}

describe('the server answers conditional GETs', () => {
  test('answers 200 with the body and a strong ETag (the starter already does: keep it so)', async () => {
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.body).toBe('{"score":"0-0"}');
    expect(first.etag, 'A strong ETag is a quoted string without the W/ prefix, like "abc".').toMatch(/^"[^"]*"$/);
  });

  test('answers 304 with no body when If-None-Match holds the current ETag, and repeats the ETag', async () => {
    const etag = await currentEtag();
    const again = await get(etag);
    expect(again.status, `If-None-Match: ${etag} names the representation the client already has, so the answer is 304 Not Modified.`).toBe(304);
    expect(again.body, 'A 304 never has a body.').toBe('');
    expect(again.etag, 'A 304 carries the same ETag a 200 would have carried (RFC 9110 §15.4.5).').toBe(etag);
  });

  test('answers 200 with a new ETag after update(), and the old ETag no longer matches', async () => {
    const before = await currentEtag();
    app.update('{"score":"1-0"}');
    const after = await get(before);
    expect(after.status, 'The resource changed, so the old ETag must not match any more.').toBe(200);
    expect(after.body).toBe('{"score":"1-0"}');
    expect(after.etag, 'A changed body needs a different strong ETag.').not.toBe(before);
    expect((await get(after.etag ?? '')).status, 'The new ETag matches again.').toBe(304);
  });

  test('answers 304 when the current ETag is anywhere in a list of tags', async () => {
    const etag = await currentEtag();
    const listed = await get(`"an-old-version", ${etag}, "another-one"`);
    expect(listed.status, `If-None-Match can hold several tags; one of them (${etag}) is current.`).toBe(304);
  });

  test('answers 304 to If-None-Match: *', async () => {
    expect((await get('*')).status, '`*` matches any current representation (RFC 9110 §13.1.2).').toBe(304);
  });

  test('compares weakly: W/ in front of the current tag still matches', async () => {
    const etag = await currentEtag();
    expect((await get(`W/${etag}`)).status, 'If-None-Match uses the weak comparison, which ignores the W/ prefix (RFC 9110 §8.8.3.2).').toBe(304);
  });

  test('answers 200 with the body when no tag in the list matches (the starter already does: keep it so)', async () => {
    const none = await get('"an-old-version", W/"another-one"');
    expect(none.status, 'No tag names the current representation, so the client needs the full body.').toBe(200);
    expect(none.body).toBe('{"score":"0-0"}');
  });
});
