/** The project's Mermaid pipeline for the wire-view tests: parse, and render once to read the labels back. */
import { MermaidRenderer } from '../../../src/integrations/mermaid/renderer.ts';

export { closeMermaidRenderer, parseMermaid } from '../../../src/integrations/mermaid/renderer.ts';

export async function renderMermaidForTest(source: string): Promise<string> {
  const renderer = new MermaidRenderer({ cacheDir: false, timeoutMs: 20_000 });
  try {
    const outcome = await renderer.render(source, 'Wire export');
    if (outcome.kind !== 'rendered') throw new Error(`Mermaid did not render: ${JSON.stringify(outcome)}`);
    return outcome.svg;
  } finally {
    await renderer.close();
  }
}
