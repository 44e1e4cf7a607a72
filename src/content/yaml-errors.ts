/**
 * The yaml library reports where its parser gave up, which is not always where the author went wrong: an
 * unclosed quote is reported at the end of the file, a line indented too far is blamed on the line above
 * it, and one mistake often yields several follow-on errors. This turns the first error into the line to
 * look at, a sentence saying what is wrong there, and the fix for that mistake.
 */
import type { LineCounter, YAMLError } from 'yaml';

export interface YamlSyntaxProblem {
  /** 1-based line within the YAML text. */
  line: number;
  message: string;
  fix: string;
}

const GENERIC_FIX = 'Check indentation (spaces, not tabs) and quoting on that line; text containing a colon followed by a space must be in quotes.';

/** The last line at or before `before` whose value opens `quote` and does not close it. */
function openingQuoteLine(lines: readonly string[], quote: string, before: number): number | undefined {
  for (let index = Math.min(before, lines.length) - 1; index >= 0; index--) {
    const value = /^\s*(?:-\s+)?[^\s:#][^:#]*:\s+(.*)$/.exec(lines[index] ?? '')?.[1] ?? /^\s*-\s+(.*)$/.exec(lines[index] ?? '')?.[1];
    if (value?.startsWith(quote) && value.split(quote).length % 2 === 0) return index + 1;
  }
  return undefined;
}

export function explainYamlError(text: string, error: YAMLError, counter: LineCounter): YamlSyntaxProblem {
  const lines = text.split('\n');
  const line = counter.linePos(error.pos[0]).line;
  const headline = error.message.split('\n')[0] ?? error.message;
  const quote = /Missing closing (["'])quote/.exec(headline)?.[1];
  if (error.code === 'MISSING_CHAR' && quote) {
    const opened = openingQuoteLine(lines, quote, line) ?? line;
    return { line: opened, message: `The text in ${quote === '"' ? 'double' : 'single'} quotes that starts on this line is never closed, so YAML reads the rest of the file as part of it.`, fix: `Add the closing ${quote} at the end of the text.` };
  }
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') {
    const here = lines[line - 1] ?? '';
    if ((here.match(/:\s/g)?.length ?? 0) >= 2) {
      return { line, message: 'The value on this line contains ": ", so YAML reads it as a second, nested field.', fix: 'Put the value in quotes, e.g. `description: "Ask again: what changed?"`.' };
    }
    const indented = lines.findIndex((text, index) => index >= line && text.trim() !== '' && /^\s+\S/.test(text));
    if (indented >= 0) {
      return { line: indented + 1, message: 'This line is indented under a field that already has a value on the line above, so YAML cannot tell what it belongs to.', fix: 'Remove the extra indentation so the field starts at the same column as the others (only list items and nested fields are indented).' };
    }
  }
  if (error.code === 'TAB_AS_INDENT') return { line, message: 'This line is indented with a tab, which YAML does not allow.', fix: 'Indent with spaces (two per level).' };
  return { line, message: headline.replace(/ at line \d+, column \d+:?$/, ''), fix: GENERIC_FIX };
}
