/** Maps a field path in a YAML document to its 1-based line, so problems can say `file:line`. */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { explainYamlError } from './yaml-errors.ts';

export type LineLocator = (path: readonly string[]) => number | undefined;

export interface ParsedYaml {
  data: unknown;
  lines: LineLocator;
  /** Syntax errors with their line, already as sentences. */
  errors: { line: number; message: string; fix: string }[];
}

/** `lineOffset` is the number of lines before the YAML text in its file (e.g. the `---` of frontmatter). */
export function parseYamlWithLines(text: string, lineOffset = 0): ParsedYaml {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  // One mistake usually makes the parser report several errors, each a consequence of the first; authors
  // need the first one, at the line to fix, once.
  const first = doc.errors[0];
  const explained = first ? explainYamlError(text, first, counter) : undefined;
  const errors = explained ? [{ ...explained, line: explained.line + lineOffset }] : [];
  const lines: LineLocator = (path) => {
    // Walk as deep as the path exists; a missing field reports the line of its parent (or the first line).
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as { range?: [number] } | null)?.range?.[0];
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => String((item.key as { value?: unknown })?.value) === key);
        if (!pair) break;
        offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(key)] as { range?: [number] } | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return offset === undefined ? lineOffset + 1 : counter.linePos(offset).line + lineOffset;
  };
  return { data: errors.length ? undefined : doc.toJS(), lines, errors };
}
