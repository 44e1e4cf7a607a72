/** Maps a field path in a YAML document to its 1-based line, so problems can say `file:line`. */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export type LineLocator = (path: readonly string[]) => number | undefined;

export interface ParsedYaml {
  data: unknown;
  lines: LineLocator;
  /** Syntax errors with their line, already as sentences. */
  errors: { line: number; message: string }[];
}

/** `lineOffset` is the number of lines before the YAML text in its file (e.g. the `---` of frontmatter). */
export function parseYamlWithLines(text: string, lineOffset = 0): ParsedYaml {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  // The yaml parser can report one mistake several times; authors need each line and message once.
  const seen = new Set<string>();
  const errors = doc.errors
    .map((error) => ({
      line: counter.linePos(error.pos[0]).line + lineOffset,
      message: error.message.split('\n')[0] ?? error.message,
    }))
    .filter((error) => {
      const key = `${error.line}:${error.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
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
