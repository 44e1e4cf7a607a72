/**
 * Writes `sourceHash:` into a translation: in a lesson's frontmatter, or at the top level of a YAML file
 * (phase, quiz, sandbox). An existing `sourceHash:` line is replaced where it stands; otherwise the line
 * goes at the end of the frontmatter, or at the top of the YAML file. Nothing else in the file changes.
 */
const HASH_LINE = /^sourceHash[ \t]*:.*$/m;

export function withSourceHash(text: string, hash: string, kind: 'mdx' | 'yaml'): string {
  // An all-digit hash (`530601579895`) would read as a number in YAML: quoted, it stays the text it is.
  const line = `sourceHash: ${/^\d+$/.test(hash) ? `"${hash}"` : hash}`;
  if (kind === 'yaml') return HASH_LINE.test(text) ? text.replace(HASH_LINE, line) : `${line}\n${text}`;
  const block = /^---\r?\n([\s\S]*?)(\r?\n)---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!block) return `---\n${line}\n---\n${text}`;
  const yaml = block[1]!;
  const stamped = HASH_LINE.test(yaml) ? yaml.replace(HASH_LINE, line) : `${yaml}${block[2]}${line}`;
  const start = text.indexOf('\n') + 1; // the frontmatter's YAML starts after the opening `---` line
  return `${text.slice(0, start)}${stamped}${text.slice(start + yaml.length)}`;
}
