import { describe, expect, test } from 'vitest';
import { extractMessages, isSentenceLike, sandboxMessages } from '../../src/i18n/test-messages.ts';

const SPEC = `
import { describe, expect, test, it, assert } from 'vitest';
import { waitFor, settleWithin } from './harness.ts';

describe('the server answers conditional GETs', () => {
  test('answers 304 when the tag matches', async () => {
    expect(again.status, \`If-None-Match: \${etag} names the representation, so 304.\`).toBe(304);
    expect(again.body).toBe('{"score":"0-0"}');
    expect.soft(x, 'A soft message here.').toBe(1);
    await waitFor(() => seen.length > 2, () => \`Only \${seen.length} requests arrived in \${ms / 1000} s.\`);
    await settleWithin(p, 3000, 'The client did not connect within 3 s.');
    socket.send('hello from the test client');
    if (!ok) throw new Error('The server closed the connection without answering.');
    expect.fail('unreachable: the promise should reject');
    assert.equal(a, b, 'The two values differ here.');
    assert(ok, 'Nothing was received at all.');
    fail(new TypeError('Bad value: ' + value + ' given.'));
  });
  it.skip('is skipped but still titled', () => {});
  test.each([1, 2])('runs %s times', () => {});
});
const url = 'http://127.0.0.1:8080/match/42';
`;

describe('extractMessages', () => {
  const found = extractMessages(SPEC, 'tests/x.test.ts');
  const byText = new Map(found.map((m) => [m.text, m]));

  test('finds titles, expect messages, errors, asserts and sentence-like helper arguments with their lines', () => {
    expect(found.map((m) => [m.kind, m.text])).toEqual([
      ['title', 'the server answers conditional GETs'],
      ['title', 'answers 304 when the tag matches'],
      ['expect', 'If-None-Match: {etag} names the representation, so 304.'],
      ['expect', 'A soft message here.'],
      ['helper', 'Only {seen.length} requests arrived in {ms / 1000} s.'],
      ['helper', 'The client did not connect within 3 s.'],
      ['error', 'The server closed the connection without answering.'],
      ['error', 'unreachable: the promise should reject'],
      ['assert', 'The two values differ here.'],
      ['assert', 'Nothing was received at all.'],
      ['error', 'Bad value: {value} given.'],
      ['title', 'is skipped but still titled'],
      ['title', 'runs %s times'],
    ]);
    expect(byText.get('answers 304 when the tag matches')?.line).toBe(6);
    expect(byText.get('The client did not connect within 3 s.')?.line).toBe(11);
  });

  test('leaves out data: matcher arguments, wire payloads, URLs', () => {
    expect(byText.has('{"score":"0-0"}')).toBe(false);
    expect(byText.has('hello from the test client')).toBe(false);
    expect([...byText.keys()].some((t) => t.startsWith('http'))).toBe(false);
  });

  test('judges prose against data', () => {
    expect(isSentenceLike('The poller did not make 4 requests within 3 s.')).toBe(true);
    expect(isSentenceLike('{"type":"hello world again"}')).toBe(false);
    expect(isSentenceLike('/match/42 is the path')).toBe(false);
    expect(isSentenceLike('Fri, 04 Dec 2026 21:30:30 GMT')).toBe(false);
    expect(isSentenceLike('GET / HTTP/1.1\r\nHost: example test\r\n')).toBe(false);
    expect(isSentenceLike('two words')).toBe(false);
  });
});

test('sandboxMessages reads every test file of a real sandbox once per distinct text', () => {
  const messages = sandboxMessages(process.cwd(), 'polling-etag');
  const texts = messages.map((m) => m.text);
  expect(new Set(texts).size).toBe(texts.length);
  expect(messages.find((m) => m.text === 'If-None-Match: {etag} names the representation the client already has, so the answer is 304 Not Modified.')).toMatchObject({
    kind: 'expect',
    file: 'sandboxes/polling-etag/tests/server.test.ts',
  });
  expect(texts).toContain('answers 304 to If-None-Match: *');
});
