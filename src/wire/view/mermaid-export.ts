/**
 * The wire diagram as Mermaid `sequenceDiagram` source that pastes into a lesson: same arrows
 * (`->>` for what a client sends, `-->>` for what flows back, `-x` for a cut connection), notes for
 * idle stretches and conditions, and the accTitle/accDescr every lesson diagram needs.
 */
import type { DrawnRow } from './rows.ts';
import { wireText } from './wire-strings.ts';

export interface MermaidExportOptions {
  title?: string;
  /** A trace of thousands of rows is no lesson diagram: the rest is summarised in one note. */
  maxRows?: number;
}

/**
 * Mermaid reads `;` as a statement end and `#…;` as an entity, and a `<` could open markup in a label;
 * entity codes keep the text as it was.
 */
export function mermaidText(text: string): string {
  // One pass: replacing `#` and `;` one after the other would escape the escapes.
  return text.replace(/[\r\n]+/g, ' ').replace(/[#;<>]/g, (character) => `#${character.charCodeAt(0)};`);
}

function arrowFor(row: DrawnRow & { kind: 'arrow' | 'aggregate' }): string {
  const dashed = row.line === 'dashed' ? '--' : '-';
  return row.head === 'cross' ? `${dashed}x` : `${dashed}>>`;
}

export function toMermaid(rows: readonly DrawnRow[], participants: readonly string[], options: MermaidExportOptions = {}): string {
  const maxRows = options.maxRows ?? 200;
  const alias = new Map(participants.map((name, index) => [name, `P${index + 1}`]));
  const lines = ['sequenceDiagram', `  accTitle: ${mermaidText(options.title ?? wireText('mermaid.title'))}`];
  const shown = rows.slice(0, maxRows);
  lines.push(`  accDescr: ${mermaidText(wireText('mermaid.description', { participants: participants.join(', ') || wireText('mermaid.processes'), rows: rows.length }))}`);
  for (const [name, id] of alias) lines.push(`  participant ${id} as ${mermaidText(name)}`);
  const ensure = (name: string): string => {
    let id = alias.get(name);
    if (id === undefined) {
      // A name the participant list missed (a late rename): declared where it first appears.
      id = `P${alias.size + 1}`;
      alias.set(name, id);
      lines.push(`  participant ${id} as ${mermaidText(name)}`);
    }
    return id;
  };
  const span = (): string => {
    const ids = [...alias.values()];
    return ids.length > 1 ? `${ids[0]},${ids.at(-1)}` : (ids[0] ?? ensure('run'));
  };
  for (const row of shown) {
    if (row.kind === 'idle') lines.push(`  Note over ${span()}: ${mermaidText(row.label)}`);
    else if (row.kind === 'note') {
      const over = row.over.length ? row.over.map(ensure) : [];
      const where = over.length === 0 ? span() : over.length === 1 || over[0] === over[1] ? over[0]! : `${over[0]},${over[1]}`;
      lines.push(`  Note over ${where}: ${mermaidText(row.label)}`);
    } else {
      lines.push(`  ${ensure(row.fromName)}${arrowFor(row)}${ensure(row.toName)}: ${mermaidText(row.label)}`);
    }
  }
  if (rows.length > shown.length) lines.push(`  Note over ${span()}: ${mermaidText(wireText('mermaid.more', { count: rows.length - shown.length }))}`);
  return `${lines.join('\n')}\n`;
}
