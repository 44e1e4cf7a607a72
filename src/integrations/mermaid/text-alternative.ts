/**
 * The text alternative of a Mermaid diagram (WCAG 2.2 SC 1.1.1 Non-text Content): a short title that
 * names the picture and a description that says what it shows.
 *
 * Authors write them with Mermaid's accessibility syntax (`accTitle: …`, `accDescr: …` or
 * `accDescr { … }`, https://mermaid.js.org/config/accessibility.html). When they did not, a sequence
 * diagram still gets a useful description: who takes part, then every message in order, with notes and
 * loop/alt/opt/par blocks, because that list is what a sighted reader takes from the picture.
 *
 * Pure string work, no Mermaid involved: it has to run where no browser is available (the fallback) and
 * must never fail a build, so anything it does not understand is skipped rather than rejected. Mermaid's
 * own parser is the judge of syntax.
 */

export interface TextAlternative {
  /** Short name of the picture, used as the SVG's accessible name. */
  title: string;
  /** What the picture shows, in sentences; empty when there is nothing better than the title. */
  description: string;
}

export interface AccessibilityDirectives {
  accTitle?: string;
  accDescr?: string;
}

/** Human names for the diagram types Mermaid recognises by their first keyword. */
const DIAGRAM_TYPE_NAMES: Readonly<Record<string, string>> = {
  sequenceDiagram: 'Sequence diagram',
  flowchart: 'Flowchart',
  'flowchart-elk': 'Flowchart',
  graph: 'Flowchart',
  classDiagram: 'Class diagram',
  'classDiagram-v2': 'Class diagram',
  stateDiagram: 'State diagram',
  'stateDiagram-v2': 'State diagram',
  erDiagram: 'Entity relationship diagram',
  journey: 'User journey diagram',
  gantt: 'Gantt chart',
  pie: 'Pie chart',
  quadrantChart: 'Quadrant chart',
  requirementDiagram: 'Requirement diagram',
  gitGraph: 'Git graph',
  mindmap: 'Mind map',
  timeline: 'Timeline',
  'xychart-beta': 'XY chart',
  'sankey-beta': 'Sankey diagram',
  'block-beta': 'Block diagram',
  'packet-beta': 'Packet diagram',
  'architecture-beta': 'Architecture diagram',
  C4Context: 'C4 context diagram',
};

/** Mermaid's word for the diagram type (`sequenceDiagram`, `flowchart`, …), or undefined for an empty diagram. */
export function diagramKeyword(source: string): string | undefined {
  for (const line of meaningfulLines(source)) {
    if (line.startsWith('%%')) continue;
    return line.split(/\s+/)[0];
  }
  return undefined;
}

/** `accTitle` and `accDescr`, single-line or `accDescr { … }` block form, as Mermaid reads them. */
export function readAccessibilityDirectives(source: string): AccessibilityDirectives {
  const directives: AccessibilityDirectives = {};
  const lines = withoutFrontmatter(source).split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    const title = /^accTitle\s*:\s*(.*)$/.exec(line);
    if (title) {
      directives.accTitle = cleanText(title[1] ?? '');
      continue;
    }
    const description = /^accDescr\s*:\s*(.*)$/.exec(line);
    if (description) {
      directives.accDescr = cleanText(description[1] ?? '');
      continue;
    }
    const block = /^accDescr\s*\{(.*)$/.exec(line);
    if (block) {
      // The block runs to the first `}`, which may sit on the opening line or any later one.
      let text = block[1] ?? '';
      while (!text.includes('}') && index + 1 < lines.length) text += '\n' + lines[++index];
      directives.accDescr = cleanText(text.slice(0, text.includes('}') ? text.indexOf('}') : undefined));
    }
  }
  if (directives.accTitle === '') delete directives.accTitle;
  if (directives.accDescr === '') delete directives.accDescr;
  return directives;
}

/** Title and description for a diagram: the author's words when given, generated ones otherwise. */
export function describeDiagram(source: string): TextAlternative {
  const { accTitle, accDescr } = readAccessibilityDirectives(source);
  const keyword = diagramKeyword(source);
  if (keyword === 'sequenceDiagram') {
    const sequence = readSequence(source);
    const summary = summariseParticipants(sequence.participants);
    return {
      title: accTitle ?? sequence.title ?? summary,
      description: accDescr ?? describeSequence(sequence, summary),
    };
  }
  const typeName = (keyword && DIAGRAM_TYPE_NAMES[keyword]) ?? 'Diagram';
  return { title: accTitle ?? frontmatterTitle(source) ?? typeName, description: accDescr ?? '' };
}

// ---------------------------------------------------------------------------------------------------
// Sequence diagrams (syntax: https://mermaid.js.org/syntax/sequenceDiagram.html)

type SequenceStep =
  | { kind: 'message'; from: string; to: string; arrow: string; text: string }
  | { kind: 'note'; placement: string; actors: string[]; text: string }
  | { kind: 'block-start'; keyword: string; label: string }
  | { kind: 'block-branch'; keyword: string; label: string }
  | { kind: 'block-end'; keyword: string }
  | { kind: 'lifecycle'; actor: string; event: 'created' | 'destroyed' };

interface Sequence {
  title?: string;
  /** Display names in order of first appearance. */
  participants: string[];
  steps: SequenceStep[];
}

/**
 * Arrows longest first, so `-->>` is not read as `-->` followed by `>`. `<<->>` and `<<-->>` are the
 * bidirectional arrows Mermaid 11 added; `-x` ends in a cross, `-)` is an asynchronous message.
 */
const ARROWS = ['<<-->>', '<<->>', '-->>', '->>', '-->', '->', '--x', '-x', '--)', '-)'];
const ARROW_PATTERN = ARROWS.map((arrow) => arrow.replace(/[()]/g, '\\$&')).join('|');
const MESSAGE = new RegExp(`^(.+?)\\s*(${ARROW_PATTERN})\\s*[+-]?\\s*([^:]+?)\\s*:(.*)$`);
const NOTE = /^note\s+(left of|right of|over)\s+([^:]+?)\s*:(.*)$/i;
const PARTICIPANT = /^(?:create\s+)?(?:participant|actor)\s+(.+?)(?:\s+as\s+(.+))?$/;
/** Blocks that change what the reader must understand; `rect` and `box` are only colour. */
const BLOCK_STARTS = new Set(['loop', 'alt', 'opt', 'par', 'critical', 'break']);
const BLOCK_BRANCHES = new Set(['else', 'and', 'option']);
const DECORATIVE_BLOCKS = new Set(['rect', 'box']);

function readSequence(source: string): Sequence {
  const names = new Map<string, string>();
  const order: string[] = [];
  const steps: SequenceStep[] = [];
  const openBlocks: string[] = [];
  let title: string | undefined = frontmatterTitle(source);

  const mention = (id: string): string => {
    const key = stripParticipantConfig(id.trim());
    if (!names.has(key)) names.set(key, cleanText(key));
    if (!order.includes(key)) order.push(key);
    return names.get(key) ?? key;
  };

  let skippedKeyword = false;
  let inDescriptionBlock = false;
  for (const line of meaningfulLines(source)) {
    if (!skippedKeyword) {
      skippedKeyword = true;
      continue;
    }
    if (inDescriptionBlock) {
      inDescriptionBlock = !line.includes('}');
      continue;
    }
    if (/^accDescr\s*\{/.test(line)) {
      inDescriptionBlock = !line.includes('}');
      continue;
    }
    if (/^(accTitle|accDescr)\s*:/.test(line) || line.startsWith('%%')) continue;

    const titleStatement = /^title\s*:?\s+(.+)$/.exec(line);
    if (titleStatement) {
      title ??= cleanText(titleStatement[1] ?? '');
      continue;
    }
    const participant = PARTICIPANT.exec(line);
    if (participant) {
      const id = stripParticipantConfig(participant[1] ?? '');
      const alias = participant[2];
      names.set(id, cleanText(alias ?? id));
      mention(id);
      if (line.startsWith('create')) steps.push({ kind: 'lifecycle', actor: names.get(id) ?? id, event: 'created' });
      continue;
    }
    const destroy = /^destroy\s+(.+)$/.exec(line);
    if (destroy) {
      steps.push({ kind: 'lifecycle', actor: mention(destroy[1] ?? ''), event: 'destroyed' });
      continue;
    }
    const note = NOTE.exec(line);
    if (note) {
      const actors = (note[2] ?? '').split(',').map((actor) => mention(actor));
      steps.push({ kind: 'note', placement: (note[1] ?? '').toLowerCase(), actors, text: cleanText(note[3] ?? '') });
      continue;
    }
    const message = MESSAGE.exec(line);
    if (message) {
      const from = mention(message[1] ?? '');
      const to = mention(message[3] ?? '');
      steps.push({ kind: 'message', from, to, arrow: message[2] ?? '->>', text: cleanText(message[4] ?? '') });
      continue;
    }
    const [keyword = '', ...rest] = line.split(/\s+/);
    const label = cleanText(rest.join(' '));
    if (BLOCK_STARTS.has(keyword) || DECORATIVE_BLOCKS.has(keyword)) {
      openBlocks.push(keyword);
      if (BLOCK_STARTS.has(keyword)) steps.push({ kind: 'block-start', keyword, label });
    } else if (BLOCK_BRANCHES.has(keyword)) {
      steps.push({ kind: 'block-branch', keyword, label });
    } else if (keyword === 'end') {
      const closed = openBlocks.pop();
      if (closed && BLOCK_STARTS.has(closed)) steps.push({ kind: 'block-end', keyword: closed });
    }
    // Anything else (autonumber, activate, links, …) changes the picture's looks, not its meaning.
  }
  return { title, participants: order.map((id) => names.get(id) ?? id), steps };
}

function summariseParticipants(participants: readonly string[]): string {
  if (participants.length === 0) return 'Sequence diagram';
  if (participants.length === 1) return `Sequence diagram of ${participants[0]}`;
  return `Sequence diagram between ${listOf(participants)}`;
}

function describeSequence(sequence: Sequence, summary: string): string {
  const sentences: string[] = [];
  let number = 0;
  for (const step of sequence.steps) {
    switch (step.kind) {
      case 'message': {
        number++;
        sentences.push(`${number}. ${describeMessage(step)}`);
        break;
      }
      case 'note': {
        const where = step.placement === 'over' ? `over ${listOf(step.actors)}` : `${step.placement} ${step.actors[0]}`;
        sentences.push(sentence(`Note ${where}: ${step.text}`));
        break;
      }
      case 'block-start':
        sentences.push(sentence(`${BLOCK_WORDS[step.keyword] ?? step.keyword}${step.label ? ` (${step.label})` : ''} begins`));
        break;
      case 'block-branch':
        sentences.push(sentence(`${BRANCH_WORDS[step.keyword] ?? step.keyword}${step.label ? ` (${step.label})` : ''}`));
        break;
      case 'block-end':
        sentences.push(sentence(`End of ${(BLOCK_WORDS[step.keyword] ?? step.keyword).toLowerCase()}`));
        break;
      case 'lifecycle':
        sentences.push(sentence(`${step.actor} is ${step.event}`));
        break;
    }
  }
  if (sentences.length === 0) return sentence(summary);
  return `${summary}: ${sentences.join(' ')}`;
}

const BLOCK_WORDS: Readonly<Record<string, string>> = {
  loop: 'Loop',
  alt: 'Alternative',
  opt: 'Optional part',
  par: 'Parallel part',
  critical: 'Critical region',
  break: 'Break',
};
const BRANCH_WORDS: Readonly<Record<string, string>> = { else: 'Otherwise', and: 'At the same time', option: 'Option' };

function describeMessage(step: Extract<SequenceStep, { kind: 'message' }>): string {
  const text = step.text ? `: ${step.text}` : '';
  if (step.arrow.startsWith('<<')) return sentence(`Between ${step.from} and ${step.to}, both ways${text}`);
  const target = step.from === step.to ? 'itself' : step.to;
  const qualifier = step.arrow.endsWith('x') ? ' (crossed arrow)' : step.arrow.endsWith(')') ? ' (asynchronous)' : '';
  return sentence(`${step.from} to ${target}${qualifier}${text}`);
}

// ---------------------------------------------------------------------------------------------------
// Small text helpers

/** Trimmed, non-empty lines after any YAML frontmatter and `%%{init}%%` directives. */
function meaningfulLines(source: string): string[] {
  return withoutFrontmatter(source)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('%%{'));
}

/** Mermaid accepts a `---` YAML block before the diagram (https://mermaid.js.org/config/configuration.html#frontmatter-config). */
function withoutFrontmatter(source: string): string {
  const match = /^\s*---\r?\n[\s\S]*?\r?\n---[^\S\r\n]*(\r?\n|$)/.exec(source);
  return match ? source.slice(match[0].length) : source;
}

function frontmatterTitle(source: string): string | undefined {
  const frontmatter = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1];
  const title = frontmatter && /^title:\s*(.+)$/m.exec(frontmatter)?.[1];
  return title ? cleanText(title.replace(/^(['"])(.*)\1$/, '$2')) : undefined;
}

/** Mermaid 12 lets a participant carry config: `A@{ "type": "database" }`. The name is what precedes it. */
function stripParticipantConfig(id: string): string {
  return id.replace(/@\{[\s\S]*\}$/, '').trim();
}

/** Line breaks in labels (`<br>`, `<br/>`) read as spaces; runs of whitespace collapse. */
function cleanText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
