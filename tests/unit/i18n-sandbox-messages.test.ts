import { describe, expect, test } from 'vitest';
import { createMessageTranslator } from '../../src/i18n/sandbox-messages.ts';
import { fillTemplate, parseTemplate, placeholdersOf, templateMatcher } from '../../src/i18n/message-template.ts';

const table = {
  'the server answers conditional GETs': 'サーバーは条件付き GET に答える',
  'answers 304 to If-None-Match: *': 'If-None-Match: * には 304 で答える',
  'If-None-Match: {etag} names the representation the client already has, so the answer is 304 Not Modified.':
    'If-None-Match: {etag} はクライアントが既に持つ表現を指すので、答えは 304 Not Modified。',
  'Waits were {rounded(waits)} ms; after failure {i + 1} the ceiling is {expected} ms.': '待ち時間は {rounded(waits)} ms。失敗 {i + 1} 回目の後の上限は {expected} ms。',
  'join({JSON.stringify(bad)}) must be refused.': 'join({JSON.stringify(bad)}) は拒否されなければならない。',
  'The client did not connect within 3 s.': 'クライアントが 3 秒以内に接続しなかった。',
  'Server process "{name}" exited with code {code} before it listened:\n{stderr.slice(0, 2000)}': 'サーバープロセス "{name}" は待ち受け前にコード {code} で終了した:\n{stderr.slice(0, 2000)}',
  '{a} {b}': '{b} {a}',
  'Fix the first test first: {fanoutProblem}': 'まず最初のテストを直す: {fanoutProblem}',
  'the first test has not finished.': '最初のテストがまだ終わっていない。',
  'empty translation': '',
};
const t = createMessageTranslator(table);

describe('test names', () => {
  test('a whole name, or its describe and test parts joined by " > " or " "', () => {
    expect(t.name('answers 304 to If-None-Match: *')).toBe('If-None-Match: * には 304 で答える');
    expect(t.name('the server answers conditional GETs > answers 304 to If-None-Match: *')).toBe('サーバーは条件付き GET に答える > If-None-Match: * には 304 で答える');
    expect(t.name('the server answers conditional GETs answers 304 to If-None-Match: *')).toBe('サーバーは条件付き GET に答える If-None-Match: * には 304 で答える');
  });

  test('a name with a part that has no translation stays English as a whole', () => {
    expect(t.name('the server answers conditional GETs > a test nobody translated')).toBe('the server answers conditional GETs > a test nobody translated');
    expect(t.name('unknown')).toBe('unknown');
  });
});

describe('failure messages', () => {
  test('vitest assertion: the message is translated, "expected …" and the diff are kept', () => {
    const failure = 'AssertionError: If-None-Match: "abc" names the representation the client already has, so the answer is 304 Not Modified.: expected 200 to be 304 // Object.is equality\n\n- Expected\n+ Received\n\n- 304\n+ 200';
    expect(t.message(failure)).toBe('AssertionError: If-None-Match: "abc" はクライアントが既に持つ表現を指すので、答えは 304 Not Modified。: expected 200 to be 304 // Object.is equality\n\n- Expected\n+ Received\n\n- 304\n+ 200');
  });

  test('several placeholders, expressions with parentheses and braces, and an Error prefix', () => {
    expect(t.message('Waits were [50, 100] ms; after failure 2 the ceiling is 200 ms.: expected 100 to be close to 200')).toBe('待ち時間は [50, 100] ms。失敗 2 回目の後の上限は 200 ms。: expected 100 to be close to 200');
    expect(t.message('AssertionError: join({"room":""}) must be refused.: expected true to be false')).toBe('AssertionError: join({"room":""}) は拒否されなければならない。: expected true to be false');
    expect(t.message('Error: The client did not connect within 3 s.')).toBe('Error: クライアントが 3 秒以内に接続しなかった。');
  });

  test('a placeholder value that is itself a key is translated as well', () => {
    expect(t.message('Error: Fix the first test first: the first test has not finished.')).toBe('Error: まず最初のテストを直す: 最初のテストがまだ終わっていない。');
    expect(t.message('Error: Fix the first test first: 3 clients got nothing.')).toBe('Error: まず最初のテストを直す: 3 clients got nothing.');
  });

  test('a key spanning lines takes the whole text, a placeholder included', () => {
    expect(t.message('Error: Server process "a" exited with code 1 before it listened:\nError: EADDRINUSE\n    at x')).toBe('Error: サーバープロセス "a" は待ち受け前にコード 1 で終了した:\nError: EADDRINUSE\n    at x');
  });

  test('non-matches stay English: other text, an empty translation, a key that is all placeholders', () => {
    expect(t.message('AssertionError: expected 200 to be 304')).toBe('AssertionError: expected 200 to be 304');
    expect(t.message('empty translation')).toBe('empty translation');
    expect(t.message('x y')).toBe('x y');
    expect(t.message('The client did not connect within 4 s.')).toBe('The client did not connect within 4 s.');
  });
});

describe('fragments, appended sentences and test.each titles', () => {
  const table = {
    'The handshake failed: {why}': 'ハンドシェイクに失敗しました: {why}',
    'The server refused with {status}.': 'サーバーは {status} で拒否しました。',
    'The ws client reported: "{error}".': 'ws クライアントの報告: "{error}"。',
    '{a} and {b}': '{a} と {b}',
    'Nothing ended the stream.': 'ストリームを終えるものがありませんでした。',
    'The call was not ended.': '呼び出しは終了していません。',
    'rejects %s with code %d': '%s をコード %d で拒否する',
  };
  const t = createMessageTranslator(table);

  test('a fragment with its own placeholders is translated inside another message, when its key fixes enough text', () => {
    expect(t.message('The handshake failed: The server refused with 400.')).toBe('ハンドシェイクに失敗しました: サーバーは 400 で拒否しました。');
    expect(t.message('The handshake failed: x and y'), 'a short key ({a} and {b}) never splits a value').toBe('ハンドシェイクに失敗しました: x and y');
  });

  test('a sentence a test appended is translated on its own, and an unknown one stays English', () => {
    expect(t.message('Nothing ended the stream. The call was not ended.')).toBe('ストリームを終えるものがありませんでした。呼び出しは終了していません。');
    expect(t.message('Nothing ended the stream. Something else.')).toBe('ストリームを終えるものがありませんでした。 Something else.');
    expect(t.message('Nothing ended the stream.: expected 1 to be 2')).toBe('ストリームを終えるものがありませんでした。: expected 1 to be 2');
  });

  test('test.each titles: %s and %d are placeholders', () => {
    expect(t.name('rejects text that is not JSON with code 1003')).toBe('text that is not JSON をコード 1003 で拒否する');
    expect(t.name('accepts text with code 1003'), 'no key, stays English').toBe('accepts text with code 1003');
  });
});

describe('templates', () => {
  test('placeholders are read by balanced braces, quotes inside skipped', () => {
    expect(parseTemplate('a {JSON.stringify({ a: 1 })} b {x ? "}" : y}')).toEqual([{ text: 'a ' }, { expr: 'JSON.stringify({ a: 1 })' }, { text: ' b ' }, { expr: 'x ? "}" : y' }]);
    expect(placeholdersOf('{b} and {a} and {b}')).toEqual(['a', 'b', 'b']);
    expect(parseTemplate('an unclosed { brace')).toEqual([{ text: 'an unclosed { brace' }]);
  });

  test('matching and filling', () => {
    const values = templateMatcher('got {n} of {total}')('got 3 of 5');
    expect(values).toEqual(new Map([['n', '3'], ['total', '5']]));
    expect(templateMatcher('got {n} of {total}')('had 3 of 5')).toBeUndefined();
    expect(fillTemplate('{total} 件中 {n} 件、{unknown}', values!)).toBe('5 件中 3 件、{unknown}');
  });
});
