import { describe, expect, it } from 'vitest';
import { escapeHtml, plainText, renderBlocks, renderInline } from '../../src/quiz/markdown-lite.ts';

describe('markdown-lite inline', () => {
  it('renders code, bold, emphasis and safe links', () => {
    expect(renderInline('Send `If-None-Match` for **conditional** *polling*, see [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110#section-13.1.2).')).toBe(
      'Send <code>If-None-Match</code> for <strong>conditional</strong> <em>polling</em>, see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-13.1.2">RFC 9110</a>.',
    );
  });

  it('escapes HTML everywhere, including inside code', () => {
    expect(renderInline('<script>alert("x")</script> & `<b>`')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <code>&lt;b&gt;</code>',
    );
  });

  it('does not format inside code spans, and supports double backticks around a backtick', () => {
    expect(renderInline('`**not bold**` and `` a`b ``')).toBe('<code>**not bold**</code> and <code>a`b</code>');
  });

  it('links only http(s), root-relative and fragment addresses', () => {
    expect(renderInline('[a](/foundations/polling/) [b](#etag) [c](http://x.test)')).toBe(
      '<a href="/foundations/polling/">a</a> <a href="#etag">b</a> <a href="http://x.test">c</a>',
    );
    expect(renderInline('[x](javascript:alert(1))')).not.toContain('<a');
    expect(renderInline('[x](data:text/html,hi)')).not.toContain('<a');
  });

  it('keeps ampersands in link addresses escaped once', () => {
    expect(renderInline('[q](https://x.test/?a=1&b=2)')).toBe('<a href="https://x.test/?a=1&amp;b=2">q</a>');
  });

  it('leaves lone asterisks and escaped asterisks alone', () => {
    expect(renderInline('2 * 3 = 6')).toBe('2 * 3 = 6');
    expect(renderInline('\\*not emphasis\\*')).toBe('&#42;not emphasis&#42;');
  });
});

describe('markdown-lite blocks', () => {
  it('makes paragraphs from blank-line separated text and joins wrapped lines', () => {
    expect(renderBlocks('First line\ncontinues.\n\nSecond paragraph.')).toBe('<p>First line continues.</p><p>Second paragraph.</p>');
  });

  it('renders fenced code blocks verbatim, with their language', () => {
    expect(renderBlocks('Look:\n\n```http\nHTTP/1.1 304 Not Modified\nETag: "v7" & <more>\n```\n\nDone.')).toBe(
      '<p>Look:</p><pre><code class="language-http">HTTP/1.1 304 Not Modified\nETag: &quot;v7&quot; &amp; &lt;more&gt;</code></pre><p>Done.</p>',
    );
  });

  it('renders an unterminated fence to the end instead of dropping text', () => {
    expect(renderBlocks('```\nlast line')).toBe('<pre><code>last line</code></pre>');
  });
});

describe('plainText', () => {
  it('drops markup for places that only take text', () => {
    expect(plainText('`text/event-stream` is **one-way**, see [spec](https://html.spec.whatwg.org/)')).toBe(
      'text/event-stream is one-way, see spec',
    );
  });

  it('collapses white space', () => {
    expect(plainText('  a\n  b  ')).toBe('a b');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
