/**
 * Quick syntax check for translated files while translating: MDX compiles, YAML parses, every Mermaid
 * diagram parses (with Mermaid's own parser in Chromium). `npx node scripts/check-translation-syntax.ts <files…>`.
 * The full parity checks (missing, extra and stale translations) belong to `npm run check`.
 */
import { readFileSync } from 'node:fs';
import { compile } from '@mdx-js/mdx';
import { parseYamlWithLines } from '../src/content/yaml-lines.ts';
import { readLessonBody } from '../src/content/lesson-body.ts';
import { closeMermaidRenderer, parseMermaid } from '../src/integrations/mermaid/index.ts';

let failures = 0;
const report = (file: string, line: number | undefined, message: string) => {
  failures += 1;
  console.log(`${file}${line ? `:${line}` : ''}: ${message}`);
};

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.yaml')) {
    const parsed = parseYamlWithLines(text);
    for (const error of parsed.errors) report(file, error.line, error.message);
    continue;
  }
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) {
    report(file, 1, 'no frontmatter block (--- … ---) at the top');
    continue;
  }
  for (const error of parseYamlWithLines(match[1]!).errors) report(file, (error.line ?? 0) + 1, `frontmatter: ${error.message}`);
  const bodyLine = match[0].split('\n').length;
  const body = text.slice(match[0].length);
  try {
    await compile(body);
  } catch (error) {
    const e = error as { line?: number; message: string };
    report(file, e.line ? e.line + bodyLine - 1 : undefined, `MDX: ${e.message}`);
  }
  for (const diagram of readLessonBody(body, bodyLine).diagrams) {
    const result = await parseMermaid(diagram.value);
    if (!result.valid) report(file, diagram.line + (result.line ?? 0), `Mermaid: ${result.message.split('\n').slice(0, 3).join(' ')}`);
  }
}
await closeMermaidRenderer();
console.log(failures ? `${failures} problem(s)` : 'All files parse.');
process.exitCode = failures ? 1 : 0;
