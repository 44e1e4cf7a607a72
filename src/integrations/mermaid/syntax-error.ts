/**
 * The error a build fails with when Mermaid rejects a diagram: which file, which line, what Mermaid
 * said, and how to fix it, in the same "Error in file:line … How to fix: …" shape as the course's other
 * content problems (src/content/problems.ts).
 */
import { diagramKeyword } from './text-alternative.ts';

export interface MermaidSyntaxProblem {
  /** Path of the MDX/Markdown file, relative to the project root, with forward slashes. */
  file: string;
  /** 1-based position of the diagram among the file's mermaid blocks. */
  diagramNumber: number;
  /** 1-based line of the opening ```mermaid fence, when the syntax tree still knows it. */
  fenceLine?: number;
  /** The diagram's source, used to name the diagram type and point at the right docs. */
  source: string;
  /** Mermaid's parse message, verbatim. */
  mermaidMessage: string;
}

const SYNTAX_DOCS: Readonly<Record<string, string>> = {
  sequenceDiagram: 'https://mermaid.js.org/syntax/sequenceDiagram.html',
  flowchart: 'https://mermaid.js.org/syntax/flowchart.html',
  graph: 'https://mermaid.js.org/syntax/flowchart.html',
  classDiagram: 'https://mermaid.js.org/syntax/classDiagram.html',
  stateDiagram: 'https://mermaid.js.org/syntax/stateDiagram.html',
  'stateDiagram-v2': 'https://mermaid.js.org/syntax/stateDiagram.html',
  erDiagram: 'https://mermaid.js.org/syntax/entityRelationshipDiagram.html',
};
const SYNTAX_REFERENCE = 'https://mermaid.js.org/intro/syntax-reference.html';

/**
 * The diagram line Mermaid blames, if its message names one. Jison-based parsers say
 * "Parse error on line 3:", the Langium-based ones "… error on line 3, column 5: …".
 */
export function mermaidErrorLine(message: string): number | undefined {
  const match = /\bline (\d+)\b/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

export function formatMermaidSyntaxError(problem: MermaidSyntaxProblem): string {
  const diagramLine = mermaidErrorLine(problem.mermaidMessage);
  // The diagram's first line sits right below the fence, so its line n is the file's fence line + n.
  const fileLine = problem.fenceLine !== undefined ? problem.fenceLine + (diagramLine ?? 1) : undefined;
  const where = fileLine !== undefined ? `${problem.file}:${fileLine}` : problem.file;
  const block =
    problem.fenceLine !== undefined
      ? `the \`\`\`mermaid block that starts at line ${problem.fenceLine}`
      : `mermaid block number ${problem.diagramNumber} in the file`;
  const blame = diagramLine !== undefined ? `, on line ${diagramLine} of the diagram` : '';
  const keyword = diagramKeyword(problem.source);
  const docs = (keyword && SYNTAX_DOCS[keyword]) ?? SYNTAX_REFERENCE;
  const said = problem.mermaidMessage
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return (
    `Error in ${where}: Mermaid could not parse ${block}${blame}.\n` +
    `  Mermaid says:\n${said}\n` +
    `  How to fix: correct the diagram so Mermaid accepts it (the syntax is described at ${docs}), ` +
    'then build again.'
  );
}

/**
 * Thrown from the rehype plugin. `loc` and `hint` are the fields Astro's error overlay and CLI read,
 * so the file and line show up there as well as in the message.
 */
export class MermaidSyntaxError extends Error {
  readonly problem: MermaidSyntaxProblem;
  readonly loc: { file: string; line?: number };
  readonly hint: string;

  /** `absolutePath` goes into `loc`, where Astro expects a path it can open for a code frame. */
  constructor(problem: MermaidSyntaxProblem, absolutePath: string = problem.file) {
    super(formatMermaidSyntaxError(problem));
    this.name = 'MermaidSyntaxError';
    this.problem = problem;
    const diagramLine = mermaidErrorLine(problem.mermaidMessage);
    const line = problem.fenceLine !== undefined ? problem.fenceLine + (diagramLine ?? 1) : undefined;
    this.loc = line !== undefined ? { file: absolutePath, line } : { file: absolutePath };
    this.hint = 'Fix the Mermaid syntax at the line shown; https://mermaid.live lets you try a diagram interactively.';
  }
}
