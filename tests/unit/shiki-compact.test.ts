import { codeToHtml } from 'shiki';
import { describe, expect, test } from 'vitest';
import { compactHighlighting } from '../../src/integrations/shiki-compact.ts';
import { colourPairOf, decodeColourRuns } from '../../src/lib/code-colour-runs.ts';

const themes = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
const code = "// a comment\nimport { WebSocketServer } from 'ws';\n\nconst server = new WebSocketServer({ port: 0 });\nserver.on('connection', (socket) => socket.send('hi'));\n";
const text = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/&#x3C;/g, '<').replace(/&#39;/g, "'");
const spans = (html: string): number => html.match(/<span/g)?.length ?? 0;
/** The coloured tokens a block's data-code-colours names: [token text, colour pair]. */
function colouredTokens(html: string): [string, string][] {
  const attribute = /data-code-colours="([^"]*)"/.exec(html)?.[1] ?? '';
  const code = text(html);
  return decodeColourRuns(attribute).map((run) => [code.slice(run.start, run.start + run.length), run.pair]);
}
/** Every token of Shiki's own output with a colour of its own: [token text, colour pair]. */
function shikiTokens(html: string): [string, string][] {
  return [...html.matchAll(/<span style="([^"]+)">([^<]*)<\/span>/g)].flatMap(([, style, token]) => {
    const pair = colourPairOf(style!);
    return pair ? [[text(token!), pair] as [string, string]] : [];
  });
}

// The first highlight loads Shiki's engine, themes and grammar: seconds on a loaded 2-core machine.
describe('compact highlighting', { timeout: 30_000 }, () => {
  test('keeps the text as one text node and every token colour as a range over it', async () => {
    const plain = await codeToHtml(code, { lang: 'ts', themes, defaultColor: false });
    const compact = await codeToHtml(code, { lang: 'ts', themes, defaultColor: false, transformers: [compactHighlighting] });
    expect(text(compact)).toBe(text(plain));
    expect(compact).not.toContain('class="line"');
    expect(spans(compact)).toBe(0);
    // Every token Shiki coloured is named by a range with the same text and pair (adjacent same-colour
    // tokens merged), and nothing else is: the default colour comes from the <pre>.
    const merged = (tokens: [string, string][]) => tokens.reduce<[string, string][]>((all, [token, pair]) => {
      const last = all.at(-1);
      if (last && last[1] === pair && code.includes(last[0] + token)) last[0] += token;
      else all.push([token, pair]);
      return all;
    }, []);
    const defaults = colourPairOf(/style="(--shiki-light:#[0-9a-f]{6};--shiki-dark:#[0-9a-f]{6})/i.exec(plain)![1]!)!;
    const expected = merged(shikiTokens(plain).filter(([, pair]) => pair !== defaults));
    expect(colouredTokens(compact).map(([token, pair]) => [token.trim(), pair])).toEqual(expected.map(([token, pair]) => [token.trim(), pair]));
    expect(colouredTokens(compact)).toContainEqual(['// a comment', '66707b-bdc4cc']);
    expect(colouredTokens(compact)).toContainEqual([" 'ws'", '032563-addcff']);
  });

  test('a token with a weight of its own stays an element, and the ranges after it still point at their text', async () => {
    const markdown = 'Some **bold** words and a [link](https://example.com).\n';
    const compact = await codeToHtml(markdown, { lang: 'md', themes, defaultColor: false, transformers: [compactHighlighting] });
    // Shiki 4.6 colours the link text and underlines the URL, in the block's default colour.
    expect(compact).toMatch(/<span style="[^"]*font-weight:bold[^"]*">\*\*bold\*\*<\/span>/);
    expect(compact).toMatch(/<span style="[^"]*text-decoration:underline[^"]*">https:\/\/example.com<\/span>/);
    expect(text(compact).trimEnd()).toBe(markdown.trimEnd());
    // The range comes after the bold span and counts its characters.
    expect(colouredTokens(compact)).toEqual([['link', '032563-addcff']]);
  });

  test('plain text becomes one text node in the <pre>, which keeps the theme colours', async () => {
    const html = await codeToHtml(code, { lang: 'plaintext', themes, defaultColor: false, transformers: [compactHighlighting] });
    expect(spans(html)).toBe(0);
    expect(html).not.toContain('data-code-colours');
    expect(html).toMatch(/^<pre [^>]*style="--shiki-light:#0e1116;--shiki-dark:#f0f3f6;/);
    expect(text(html)).toBe(code.replace(/\n$/, '') + (text(html).endsWith('\n') ? '\n' : ''));
  });
});
