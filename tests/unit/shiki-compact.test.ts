import { codeToHtml } from 'shiki';
import { describe, expect, test } from 'vitest';
import { compactHighlighting } from '../../src/integrations/shiki-compact.ts';

const themes = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
const code = "// a comment\nimport { WebSocketServer } from 'ws';\n\nconst server = new WebSocketServer({ port: 0 });\nserver.on('connection', (socket) => socket.send('hi'));\n";
const text = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/&#x3C;/g, '<').replace(/&#39;/g, "'");
const spans = (html: string): number => html.match(/<span/g)?.length ?? 0;

// The first highlight loads Shiki's engine, themes and grammar: seconds on a loaded 2-core machine.
describe('compact highlighting', { timeout: 30_000 }, () => {
  test('keeps the text and every non-default colour with fewer spans and no line wrappers', async () => {
    const plain = await codeToHtml(code, { lang: 'ts', themes, defaultColor: false });
    const compact = await codeToHtml(code, { lang: 'ts', themes, defaultColor: false, transformers: [compactHighlighting] });
    expect(text(compact)).toBe(text(plain));
    expect(compact).not.toContain('class="line"');
    expect(spans(compact)).toBeLessThan(spans(plain) / 2);
    // The comment and the string keep their own colours; the default colour comes from the <pre>.
    const colours = (html: string) => new Set(html.match(/--shiki-(light|dark):#[0-9a-f]{6}/gi)?.map((c) => c.toLowerCase()));
    const kept = colours(compact);
    expect([...colours(plain)].filter((colour) => !kept.has(colour))).toEqual([]);
    expect(compact).toMatch(/<span style="[^"]+">\/\/ a comment<\/span>/);
  });

  test('plain text becomes one text node in the <pre>, which keeps the theme colours', async () => {
    const html = await codeToHtml(code, { lang: 'plaintext', themes, defaultColor: false, transformers: [compactHighlighting] });
    expect(spans(html)).toBe(0);
    expect(html).toMatch(/^<pre [^>]*style="--shiki-light:#0e1116;--shiki-dark:#f0f3f6;/);
    expect(text(html)).toBe(code.replace(/\n$/, '') + (text(html).endsWith('\n') ? '\n' : ''));
  });
});
