/**
 * A translated lesson against its English source: the frontmatter holds only the translated fields
 * (title, description, the same number of goals) and the hash; the body has the same headings (count,
 * levels, order), the same Mermaid diagrams (each with accTitle and accDescr, same participant ids), the
 * same components with the same props (text props such as `title=` may be translated) and code blocks
 * identical to English. Each difference is reported once, at the translation's line.
 */
import type { ContentProblem, Severity } from '../content/problems.ts';
import { looksUntranslated } from './untranslated.ts';
import { readLessonStructure, type CodeBlock, type Component, type LessonStructure } from './lesson-structure.ts';

/** Props whose value is words for the reader, so a translation translates them. */
const TEXT_PROPS = new Set(['title', 'alt', 'label', 'caption', 'summary', 'description', 'aria-label', 'placeholder']);
/** What a translated lesson's frontmatter may hold; everything else comes from the English lesson. */
const TRANSLATED_FIELDS = new Set(['title', 'description', 'goals', 'sourceHash']);

export interface LessonFiles {
  /** Project-relative paths, for messages. */
  file: string;
  source: string;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export function lessonParityProblems(english: string, translation: string, files: LessonFiles): ContentProblem[] {
  const en = readLessonStructure(english);
  const tr = readLessonStructure(translation);
  const problems: ContentProblem[] = [];
  const report = (severity: Severity): Report => (line, message, fix, field) =>
    problems.push({ severity, file: files.file, ...(line ? { line } : {}), ...(field ? { field } : {}), message, fix });
  const error = report('error');

  if (!tr.frontmatter) {
    error(1, 'The translation has no frontmatter block, so it has no translated title, description or goals.', `Start the file with \`---\`, then title, description, goals (as many as ${files.source} has) and sourceHash, then \`---\`.`);
  } else if (tr.frontmatter.errors.length) {
    const [first] = tr.frontmatter.errors;
    error(first!.line, `The frontmatter is not valid YAML: ${first!.message}`, first!.fix);
  } else {
    frontmatterProblems(en, tr, files, error, report('warning'));
  }
  if (tr.syntaxError) {
    error(tr.syntaxError.line, `The translation is not valid MDX: ${tr.syntaxError.message}`, 'Fix the MDX at that line (a tag left open, a stray `{` or `<`); `npx node scripts/check-translation-syntax.ts <file>` checks it on its own.');
    return problems;
  }
  if (en.syntaxError) return problems; // The English lesson's own check reports it; nothing to compare against.
  headingProblems(en, tr, files, error);
  linkProblems(en, tr, files, error, report('warning'));
  diagramProblems(en.diagrams, tr.diagrams, files, error);
  componentProblems(en.components, tr.components, files, error);
  codeProblems(en.code, tr.code, files, error);
  return problems;
}

type Report = (line: number | undefined, message: string, fix: string, field?: string) => void;

function frontmatterProblems(en: LessonStructure, tr: LessonStructure, files: LessonFiles, error: Report, warn: Report): void {
  const data = (tr.frontmatter!.data ?? {}) as Record<string, unknown>;
  const lines = tr.frontmatter!.lines;
  for (const key of Object.keys(data)) {
    if (TRANSLATED_FIELDS.has(key)) continue;
    error(lines([key]), `\`${key}:\` is taken from the English lesson (${files.source}); a translation holds only title, description, goals and sourceHash.`, `Delete the \`${key}:\` line (to change it, change the English lesson).`, key);
  }
  const englishData = (en.frontmatter?.data ?? {}) as Record<string, unknown>;
  for (const key of ['title', 'description'] as const) {
    if (typeof data[key] !== 'string' || !(data[key] as string).trim()) error(lines([key]), `The translation has no \`${key}:\`, so the page would show the English one.`, `Add \`${key}:\` with the translated ${key} of ${files.source}.`, key);
    else if (data[key] === englishData[key] && looksUntranslated(data[key] as string)) warn(lines([key]), `\`${key}:\` is still the English text.`, `Translate it from ${files.source}.`, key);
  }
  const englishGoals = ((en.frontmatter?.data ?? {}) as { goals?: unknown[] }).goals ?? [];
  const goals = data.goals;
  if (!Array.isArray(goals)) {
    error(lines(['goals']), `The translation has no \`goals:\` list; the English lesson has ${englishGoals.length}.`, `Add \`goals:\` with the ${englishGoals.length} goals of ${files.source}, translated, in the same order.`, 'goals');
  } else if (goals.length !== englishGoals.length) {
    error(lines(['goals']), `The translation has ${goals.length} goals, the English lesson ${englishGoals.length}: each goal translates one English goal, in the same order.`, `Translate each goal of ${files.source} once, in order (${englishGoals.length} items).`, 'goals');
  }
}

function headingProblems(en: LessonStructure, tr: LessonStructure, files: LessonFiles, error: Report): void {
  const shape = (headings: LessonStructure['headings']) => headings.map((h) => `h${h.depth}`).join(' ');
  if (shape(en.headings) === shape(tr.headings)) return;
  const at = en.headings.findIndex((h, i) => tr.headings[i]?.depth !== h.depth);
  const index = at < 0 ? en.headings.length : at;
  const theirs = tr.headings[index];
  const ours = en.headings[index];
  const where = ours ? `English heading ${index + 1} is \`${'#'.repeat(ours.depth)} ${ours.text}\` (${files.source}:${ours.line})` : `English has no heading ${index + 1}`;
  const here = theirs ? `here it is \`${'#'.repeat(theirs.depth)} ${theirs.text}\`` : 'here there is none';
  error(
    theirs?.line ?? tr.headings.at(-1)?.line,
    `The headings differ from English (${tr.headings.length === en.headings.length ? `${en.headings.length} in both, at other levels` : `${tr.headings.length} here, ${en.headings.length} in English`}); the first difference is heading ${index + 1}: ${where}, ${here}. Heading ids (#anchors) are taken from the English headings by position, so they must match one for one.`,
    'Translate every English heading once, in the same order and at the same level (## or ###); add or remove no headings.',
  );
}

/** Links may move with the sentence order of another language, so they are compared as a set of URLs. */
function linkProblems(en: LessonStructure, tr: LessonStructure, files: LessonFiles, error: Report, warn: Report): void {
  const ours = new Set(en.links.map((link) => link.url));
  // `/ja/foundations/polling/` for `/foundations/polling/` is one mistake (the prefix), not a wrong link plus a dropped one.
  const unprefixed = (url: string) => (!ours.has(url) && ours.has(url.replace(/^\/[^/]+/, '')) ? url.replace(/^\/[^/]+/, '') : url);
  const theirs = new Set(tr.links.map((link) => unprefixed(link.url)));
  for (const link of tr.links.filter((l, i) => !ours.has(l.url) && tr.links.findIndex((o) => o.url === l.url) === i)) {
    const fixed = unprefixed(link.url);
    error(link.line, `The link "${link.url}" is not in the English lesson (${files.source}); a translation keeps exactly the English URLs (the site adds the language prefix itself).`, fixed !== link.url ? `Write ${fixed}: the site adds ${link.url.slice(0, link.url.length - fixed.length)} on translated pages.` : 'Use the URL the English lesson links to for the same thing.');
  }
  for (const link of en.links.filter((l, i) => !theirs.has(l.url) && en.links.findIndex((o) => o.url === l.url) === i)) {
    warn(tr.links.at(-1)?.line ?? 1, `The English lesson links to "${link.url}" (${files.source}:${link.line}), the translation does not.`, 'Keep the link where the translated sentence says the same thing.');
  }
}

const hasLine = (diagram: string, name: string) => new RegExp(`^\\s*${name}\\s*[:{]`, 'm').test(diagram);
const participants = (diagram: string) => [...diagram.matchAll(/^\s*(?:participant|actor)\s+([^\s]+)/gm)].map((m) => m[1]!);

function diagramProblems(en: CodeBlock[], tr: CodeBlock[], files: LessonFiles, error: Report): void {
  if (en.length !== tr.length) {
    error(tr[Math.min(en.length, tr.length)]?.line ?? tr.at(-1)?.line, `The translation has ${tr.length} Mermaid diagrams, the English lesson ${en.length}.`, 'Translate each English diagram once, in the same order (arrow labels, notes, accTitle and accDescr in the translation\'s language; participant ids unchanged).');
  }
  tr.forEach((diagram, i) => {
    const missing = ['accTitle', 'accDescr'].filter((name) => !hasLine(diagram.value, name));
    if (missing.length) {
      error(diagram.line, `The ${ordinal(i + 1)} diagram has no ${missing.join(' and no ')}, which screen readers need (in the page's language).`, `Add ${missing.map((m) => `\`${m}: …\``).join(' and ')} translated from the English diagram.`);
    }
    const source = en[i];
    if (!source) return;
    const ours = participants(source.value).join(', ');
    const theirs = participants(diagram.value).join(', ');
    if (ours !== theirs) {
      error(diagram.line, `The ${ordinal(i + 1)} diagram declares the participants ${theirs || '(none)'}, the English one (${files.source}:${source.line}) ${ours || '(none)'}.`, 'Keep the participant ids and their order exactly as in English; translate a display name with `participant C as クライアント` if you like.');
    }
  });
}

function componentProblems(en: Component[], tr: Component[], files: LessonFiles, error: Report): void {
  const count = Math.max(en.length, tr.length);
  for (let i = 0; i < count; i++) {
    const ours = en[i];
    const theirs = tr[i];
    if (!ours || !theirs || ours.name !== theirs.name) {
      const expected = ours ? `<${ours.name}> (${files.source}:${ours.line})` : 'no further component';
      error(theirs?.line ?? tr.at(-1)?.line, `The components differ from English from the ${ordinal(i + 1)} on: English has ${expected}, the translation ${theirs ? `<${theirs.name}>` : 'none'}.`, 'Keep every component of the English lesson (<Sandbox>, <Quiz>, <Callout>, <WireView> …) once, in the same order; translate only their text.');
      return;
    }
    const keys = [...new Set([...Object.keys(ours.props), ...Object.keys(theirs.props)])].filter((key) => !TEXT_PROPS.has(key));
    const differing = keys.filter((key) => ours.props[key] !== theirs.props[key]);
    if (differing.length) {
      const show = (props: Record<string, string>) => differing.map((key) => (key in props ? `${key}="${props[key]}"` : `no ${key}`)).join(' ');
      error(theirs.line, `<${theirs.name}> has ${show(theirs.props)}, but English (${files.source}:${ours.line}) has ${show(ours.props)}.`, `Copy the props from English; only text props (${[...TEXT_PROPS].slice(0, 3).join(', ')} …) are translated.`);
    }
  }
}

function codeProblems(en: CodeBlock[], tr: CodeBlock[], files: LessonFiles, error: Report): void {
  if (en.length !== tr.length) {
    error(tr[Math.min(en.length, tr.length)]?.line ?? tr.at(-1)?.line, `The translation has ${tr.length} code blocks (besides diagrams), the English lesson ${en.length}.`, 'Copy every code block of the English lesson, in the same order, unchanged.');
    return;
  }
  tr.forEach((block, i) => {
    const source = en[i]!;
    if (block.lang === source.lang && block.value === source.value) return;
    const ours = source.value.split('\n');
    const theirs = block.value.split('\n');
    const at = ours.findIndex((line, n) => theirs[n] !== line);
    const line = at < 0 ? ours.length : at;
    const what = block.lang !== source.lang ? `is marked \`${block.lang || '(no language)'}\` instead of \`${source.lang || '(no language)'}\`` : `differs from English at its line ${line + 1}: \`${(theirs[line] ?? '(missing)').trim()}\` instead of \`${(ours[line] ?? '(nothing)').trim()}\``;
    error(block.line + (block.lang === source.lang ? line + 1 : 0), `The ${ordinal(i + 1)} code block ${what} (${files.source}:${source.line}). Code stays identical in every language.`, 'Copy the code block from the English lesson unchanged (comments may stay in English).');
  });
}
