import { describe, expect, test } from 'vitest';
import { formatBreakdown, pageBreakdown } from '../../src/lib/page-breakdown.ts';

const style = '<style>body{color:red}</style>';
const json = '<script type="application/json" data-sandbox-data>{"a":"é"}</script>';
const pre = '<pre><code>x</code></pre>';
const sandbox = `<course-sandbox><div>${pre}</div>${json}</course-sandbox>`;
const quiz = '<course-quiz><p>Q</p><script type="application/json" data-quiz-data>{}</script></course-quiz>';
const page = `<!doctype html><html><head>${style}</head><body><main>${sandbox}${quiz}<pre>prose</pre></main></body></html>`;

describe('pageBreakdown', () => {
  test('measures each part by its own bytes, counts elements, and lists a nested part under both', () => {
    const result = pageBreakdown(page);
    expect(result.raw).toBe(Buffer.byteLength(page));
    // html, head, style, body, main, course-sandbox, div, pre, code, script, course-quiz, p, script, pre
    expect(result.elements).toBe(14);
    const part = (name: string) => result.parts.find((p) => p.name.trim() === name);
    expect(part('inline <style>')).toMatchObject({ count: 1, raw: style.length, elements: 1 });
    expect(part('<course-sandbox>')).toMatchObject({ count: 1, raw: Buffer.byteLength(sandbox), elements: 5 });
    // "é" is two bytes in UTF-8: sizes are what is sent, not string lengths.
    expect(part('sandbox data JSON')).toMatchObject({ count: 1, raw: Buffer.byteLength(json) });
    expect(part('sandbox static code')).toMatchObject({ count: 1, raw: pre.length, elements: 2 });
    expect(part('JSON <script> (data)')?.count).toBe(2);
    expect(part('code blocks <pre> (prose)')).toMatchObject({ count: 1, raw: '<pre>prose</pre>'.length });
    expect(part('diagram <svg>')).toBeUndefined();
    expect(formatBreakdown('/x/', result)).toMatch(/^\/x\/: +[\d.]+ KB raw, +[\d.]+ KB gzip, 14 elements\n/);
  });
});
