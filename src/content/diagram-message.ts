/**
 * Mermaid's Jison parsers end an error with every token they would have accepted — often forty of them
 * ("Expecting 'SPACE', 'NEWLINE', 'participant', …"). The author needs the line, the caret under the
 * mistake and what was found; a few expected tokens say what kind of thing belongs there, the rest is noise.
 */
const SHOWN_TOKENS = 4;

export function trimMermaidMessage(message: string): string {
  return message
    .trim()
    .split('\n')
    .map((line) => {
      const expecting = /^Expecting (.*), got (.*)$/.exec(line.trim());
      if (!expecting) return line;
      const tokens = (expecting[1] ?? '').split(/,\s*/);
      const shown = tokens.slice(0, SHOWN_TOKENS).join(', ');
      const more = tokens.length > SHOWN_TOKENS ? ` or ${tokens.length - SHOWN_TOKENS} other tokens` : '';
      return `Expected ${shown}${more}, but found ${expecting[2]}.`;
    })
    .join('\n');
}
