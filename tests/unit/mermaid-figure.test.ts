import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { fallbackFigure, fallbackLoader, renderedFigure } from '../../src/integrations/mermaid/figure.ts';
import { parseSvg } from '../../src/integrations/mermaid/svg-markup.ts';
import { renderFailure } from '../../src/integrations/mermaid/rehype-mermaid.ts';
import { cacheKey } from '../../src/integrations/mermaid/render-cache.ts';
import { ID_PLACEHOLDER, withIdPrefix } from '../../src/integrations/mermaid/renderer.ts';
import { formatMermaidSyntaxError, mermaidErrorLine } from '../../src/integrations/mermaid/syntax-error.ts';

const details = {
  idPrefix: 'diagram-abc123-1',
  alternative: { title: 'Polling', description: 'Sequence diagram between Client and Server: 1. Client to Server: GET /poll.' },
  diagramType: 'sequenceDiagram',
};

const svg =
  '<svg id="diagram-abc123-1" viewBox="0 0 10 10" role="img" aria-labelledby="diagram-abc123-1-title">' +
  '<title id="diagram-abc123-1-title">Polling</title>' +
  '<style>#diagram-abc123-1 text.actor>tspan{fill:var(--diagram-text)}</style>' +
  '<line marker-end="url(#diagram-abc123-1-arrowhead)" stroke-width="2"></line></svg>';

describe('renderedFigure', () => {
  it('puts the one CSS-themed SVG in a figure with a screen-reader caption', () => {
    expect(toHtml(renderedFigure(svg, details))).toBe(
      '<figure class="diagram" data-diagram-type="sequenceDiagram">' +
        '<div class="diagram-scroll" tabindex="0" role="group" aria-label="Diagram: Polling" style="--diagram-legible-width:7px">' +
        svg +
        '</div>' +
        '<figcaption class="sr-only">Sequence diagram between Client and Server: 1. Client to Server: GET /poll.</figcaption>' +
        '</figure>',
    );
  });

  it('leaves the caption out when there is no description beyond the title', () => {
    const html = toHtml(renderedFigure(svg, { ...details, alternative: { title: 'Flowchart', description: '' } }));
    expect(html).not.toContain('figcaption');
  });

  it('keeps SVG attribute spelling (viewBox, marker-end) and drops positions that point into the SVG string', () => {
    const element = parseSvg(svg);
    expect(element.properties).toMatchObject({ viewBox: '0 0 10 10', role: 'img' });
    expect(JSON.stringify(element)).not.toContain('"position"');
  });

  it('rejects markup without an svg element', () => {
    expect(() => parseSvg('<p>Syntax error in text</p>')).toThrow(/Expected SVG markup from Mermaid/);
  });
});

describe('fallbackFigure', () => {
  it('keeps the source in a pre the client script can find, with the id prefix and title it needs', () => {
    expect(toHtml(fallbackFigure('sequenceDiagram\n  C->>S: GET /poll', details))).toBe(
      '<figure class="diagram" data-diagram-type="sequenceDiagram">' +
        '<pre class="mermaid" data-mermaid="" data-id-prefix="diagram-abc123-1" data-title="Polling">sequenceDiagram\n  C->>S: GET /poll</pre>' +
        '<figcaption class="sr-only">Sequence diagram between Client and Server: 1. Client to Server: GET /poll.</figcaption>' +
        '</figure>',
    );
  });

  it('loads the client renderer as a module script', () => {
    expect(toHtml(fallbackLoader('/vendor/mermaid/render-fallback.js'))).toBe(
      '<script type="module" src="/vendor/mermaid/render-fallback.js"></script>',
    );
  });
});

describe('withIdPrefix', () => {
  it('replaces every placeholder occurrence, in ids, references and the style block', () => {
    const cached = `<svg id="${ID_PLACEHOLDER}"><style>#${ID_PLACEHOLDER} .a{}</style><path marker-end="url(#${ID_PLACEHOLDER}-arrowhead)"/></svg>`;
    expect(withIdPrefix(cached, 'diagram-1-dark')).toBe(
      '<svg id="diagram-1-dark"><style>#diagram-1-dark .a{}</style><path marker-end="url(#diagram-1-dark-arrowhead)"/></svg>',
    );
  });
});

describe('cacheKey', () => {
  const parts = { source: 'sequenceDiagram\nA->>B: x', title: 'T', theme: 'light', mermaidVersion: '12.3.0', rendererSource: 'code' };

  it('is stable for the same inputs and changes with each of them', () => {
    const key = cacheKey(parts);
    expect(cacheKey({ ...parts })).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    for (const change of [
      { source: 'sequenceDiagram\nA->>B: y' },
      { title: 'U' },
      { theme: 'dark' },
      { mermaidVersion: '12.3.1' },
      { rendererSource: 'code2' },
    ]) {
      expect(cacheKey({ ...parts, ...change })).not.toBe(key);
    }
  });

  it('does not confuse inputs that only differ in where one ends and the next begins', () => {
    expect(cacheKey({ ...parts, title: 'ab', source: 'c' })).not.toBe(cacheKey({ ...parts, title: 'a', source: 'bc' }));
  });
});

describe('formatMermaidSyntaxError', () => {
  const mermaidMessage =
    "Parse error on line 3:\n...  A->>B: hi  A-->>>B: bad\n---------------------^\nExpecting 'link', '+', '-', '()', 'ACTOR', got 'INVALID'";

  it('finds the line Mermaid blames in both parser styles', () => {
    expect(mermaidErrorLine(mermaidMessage)).toBe(3);
    expect(mermaidErrorLine('Parsing failed: Lexer error on line 2, column 5: unexpected character')).toBe(2);
    expect(mermaidErrorLine('No diagram type detected matching given configuration for text: wat')).toBeUndefined();
  });

  it('names the file line, the block and the docs, and quotes Mermaid', () => {
    const message = formatMermaidSyntaxError({
      file: 'lessons/01-foundations/02-polling.mdx',
      diagramNumber: 2,
      fenceLine: 40,
      source: 'sequenceDiagram\n  A->>B: hi\n  A-->>>B: bad',
      mermaidMessage,
    });
    expect(message).toMatchInlineSnapshot(`
      "Error in lessons/01-foundations/02-polling.mdx:43: Mermaid could not parse the \`\`\`mermaid block that starts at line 40, on line 3 of the diagram.
        Mermaid says:
          Parse error on line 3:
          ...  A->>B: hi  A-->>>B: bad
          ---------------------^
          Expecting 'link', '+', '-', '()', 'ACTOR', got 'INVALID'
        How to fix: correct the diagram so Mermaid accepts it (the syntax is described at https://mermaid.js.org/syntax/sequenceDiagram.html), then build again."
    `);
  });

  it('falls back to the block number when the fence line is unknown', () => {
    const message = formatMermaidSyntaxError({
      file: 'lessons/x.mdx',
      diagramNumber: 3,
      source: 'wat',
      mermaidMessage: 'No diagram type detected matching given configuration for text: wat',
    });
    expect(message).toMatchInlineSnapshot(`
      "Error in lessons/x.mdx: Mermaid could not parse mermaid block number 3 in the file.
        Mermaid says:
          No diagram type detected matching given configuration for text: wat
        How to fix: correct the diagram so Mermaid accepts it (the syntax is described at https://mermaid.js.org/intro/syntax-reference.html), then build again."
    `);
  });
});

describe('renderFailure', () => {
  it('names the file, the fence line and the diagram when drawing fails for a reason other than syntax', () => {
    const cause = new Error('Mermaid did not finish rendering a diagram within 30000 ms in headless Chromium.');
    const error = renderFailure(cause, 'lessons/x.mdx', 2, 17);
    expect(error.cause).toBe(cause);
    expect(error.message).toMatchInlineSnapshot(`
      "Error in lessons/x.mdx:17: Mermaid diagram 2 of this file could not be drawn at build time: Mermaid did not finish rendering a diagram within 30000 ms in headless Chromium.
        How to fix: check whether the diagram draws at https://mermaid.live; if it does, build again, and if it still fails, simplify the diagram or split it in two."
    `);
  });
});
