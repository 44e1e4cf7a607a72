/**
 * Every kind of mistake `npm run check` (and the build) catches, with the sentence the authoring guide
 * shows for it. The guide renders this list, and tests/content/mistakes.test.ts has a fixture for every
 * kind that must produce its problem, so the guide cannot promise a check that does not exist, and a new
 * check is not finished until it is listed here with a fixture.
 */
export interface CheckKind {
  kind: string;
  /** Where the mistake lives, for grouping in the guide. */
  area: 'Lessons and phases' | 'Lesson bodies' | 'Quizzes' | 'Sandboxes' | 'Translations';
  /** What is caught, as the guide says it; `code` in backticks. */
  description: string;
  /** Only `npm run check -- --grade` runs it (it grades the exercises through the local runner). */
  grade?: boolean;
}

export const CHECK_KINDS = [
  { kind: 'file-names', area: 'Lessons and phases', description: 'A phase folder or lesson file whose name is not two digits, a hyphen and a lower-case slug; a file in lessons/ that is not `.mdx`; a folder inside a phase.' },
  { kind: 'numbering', area: 'Lessons and phases', description: 'A lesson or phase number used twice, or a gap in the numbers: lessons in a phase and phases in the course run 01, 02, 03 … without gaps.' },
  { kind: 'duplicate-id', area: 'Lessons and phases', description: 'Two lessons with the same id (file name without its number) anywhere in the course.' },
  { kind: 'phase-yaml', area: 'Lessons and phases', description: 'A phase folder without `phase.yaml`, or one that is not valid YAML or lacks `title` or `summary`.' },
  { kind: 'frontmatter', area: 'Lessons and phases', description: 'A lesson without frontmatter, frontmatter that is not valid YAML (reported at the line to fix), a missing or wrongly typed field, or an unknown field.' },
  { kind: 'lesson-lang', area: 'Lessons and phases', description: 'A `lang:` (lesson or phase) that is not a language tag such as `ja` or `pt-BR` (error), or one with no `locales/<lang>.yaml`, so the interface around the prose stays English (warning).' },
  { kind: 'locales', area: 'Lessons and phases', description: 'A locale file in `locales/` that lacks a key `locales/en.yaml` has, has a key the interface does not use, changes a `{placeholder}`, or is not valid YAML.' },
  { kind: 'prerequisites', area: 'Lessons and phases', description: 'A prerequisite that is not a lesson (error) or that comes later in the course (warning).' },
  { kind: 'mdx-syntax', area: 'Lesson bodies', description: 'MDX that does not parse, such as an unclosed `<Callout>` or a stray `{`, at the line in the file.' },
  { kind: 'import', area: 'Lesson bodies', description: 'An `import` of a component or module that does not exist.' },
  { kind: 'expression', area: 'Lesson bodies', description: 'A literal `{name}` in prose, which MDX reads as JavaScript naming something undefined.' },
  { kind: 'component', area: 'Lesson bodies', description: 'A component lessons cannot use, or a `<Quiz>` or `<Sandbox>` without an id or with an id that does not exist.' },
  { kind: 'links', area: 'Lesson bodies', description: 'A link to a page or anchor that does not exist, to an `.mdx` source file, or a relative link.' },
  { kind: 'lesson-numbers', area: 'Lesson bodies', description: 'Prose (in lessons or quizzes) naming a lesson number that no lesson has, such as "lesson 21" in a 20-lesson course.' },
  { kind: 'images', area: 'Lesson bodies', description: 'An image file that does not exist, an image without alt text, or one loaded from another site (warning).' },
  { kind: 'diagram-title', area: 'Lesson bodies', description: 'A Mermaid diagram without `accTitle`, which screen readers need.' },
  { kind: 'diagram-syntax', area: 'Lesson bodies', description: 'A Mermaid diagram that Mermaid’s own parser rejects (needs Chromium; skipped with a warning without it).' },
  { kind: 'heading', area: 'Lesson bodies', description: 'A `# Title` in the body: the page title comes from the frontmatter.' },
  { kind: 'todo', area: 'Lesson bodies', description: 'A leftover `TODO`, `FIXME` or `TBD` (an error in a published lesson, a warning in a `draft: true` one).' },
  { kind: 'quiz-wiring', area: 'Quizzes', description: 'A frontmatter `quiz:` with no `<Quiz>` in the body, a `<Quiz id>` that differs from it, or a `<Quiz>` with no `quiz:`.' },
  { kind: 'quiz-missing', area: 'Quizzes', description: 'A frontmatter `quiz:` naming a file that does not exist in quizzes/ (with the closest existing id).' },
  { kind: 'quiz-file', area: 'Quizzes', description: 'A quiz that is not valid YAML (including an unquoted comma inside `{ … }`), has unknown fields, missing rationales or too few questions or options.' },
  { kind: 'quiz-unused', area: 'Quizzes', description: 'A quiz no lesson uses (warning).' },
  { kind: 'sandbox-missing', area: 'Sandboxes', description: 'A frontmatter `sandbox:` naming a folder that does not exist in sandboxes/.' },
  { kind: 'sandbox-yaml', area: 'Sandboxes', description: 'A `sandbox.yaml` that is not valid YAML or has missing, wrong or unknown fields, or names files that do not exist.' },
  { kind: 'sandbox-unused', area: 'Sandboxes', description: 'A sandbox no lesson uses (warning).' },
  { kind: 'sandbox-types', area: 'Sandboxes', description: 'Starter, solution, mistake or test code that does not type-check with the options under "Type-checking" below, reported once at the file on disk.' },
  { kind: 'sandbox-syntax', area: 'Sandboxes', description: 'TypeScript Node cannot run by stripping types (`enum`, `namespace`, parameter properties, `import x = require()`), named in plain words with what to write instead.' },
  { kind: 'sandbox-packages', area: 'Sandboxes', description: 'A package the code imports but the sandbox does not declare, one that is not installed or whose installed version differs from the sandbox `package.json`, a version that is a range, or a package the editor cannot type.' },
  { kind: 'sandbox-grade', area: 'Sandboxes', grade: true, description: 'With `npm run check -- --grade`: a solution that fails a test, a starter that passes them all, a test run over `limits.testSeconds`, and a kept mistake that no test catches (or fewer than five mistakes).' },
  { kind: 'translation-missing', area: 'Translations', description: 'An English lesson with no translation in a language the course has (a warning; an error with `--strict`), or a translated lesson whose phase, quiz or sandbox is not translated, so its page would show English (an error).' },
  { kind: 'translation-extra', area: 'Translations', description: 'A translation whose English file does not exist (renamed or deleted in English).' },
  { kind: 'translation-stale', area: 'Translations', description: 'A translation whose `sourceHash` is not the hash of its English file any more: the English changed since (a warning; an error with `--strict` and in CI).' },
  { kind: 'translation-hash', area: 'Translations', description: 'A translation without `sourceHash`, or with one that is not 12 hex digits.' },
  { kind: 'translation-syntax', area: 'Translations', description: 'A translation that is not valid MDX or YAML.' },
  { kind: 'translation-frontmatter', area: 'Translations', description: 'A translated lesson whose frontmatter repeats a field that comes from English (`minutes`, `quiz` …), lacks `title` or `description`, or has another number of goals; a phase translation without `title` or `summary`.' },
  { kind: 'translation-headings', area: 'Translations', description: 'Headings that differ from English in number, level or order (heading ids come from the English headings by position).' },
  { kind: 'translation-links', area: 'Translations', description: 'A link in a translated lesson to a URL the English lesson does not link to, such as one with the `/ja` prefix (error), or an English link the translation dropped (warning).' },
  { kind: 'translation-diagrams', area: 'Translations', description: 'Another number of Mermaid diagrams than English, a diagram without `accTitle` or `accDescr`, or other participant ids.' },
  { kind: 'translation-components', area: 'Translations', description: 'Components that differ from English, or props that differ other than text props such as `title` (a `<Sandbox id>`, a `<Callout type>`).' },
  { kind: 'translation-code', area: 'Translations', description: 'A code block that differs from English: code is identical in every language.' },
  { kind: 'translation-quiz', area: 'Translations', description: 'A translated quiz whose structure differs from English: question ids, types or order, option ids, which options are correct, numbers.' },
  { kind: 'translation-text', area: 'Translations', description: 'A learner-visible quiz, phase or lesson text missing from a translation (error), or left identical to English where it reads like prose (warning; names and status lines such as `101 Switching Protocols` are not flagged).' },
  { kind: 'translation-sandbox', area: 'Translations', description: 'A sandbox translation (`sandboxes/<id>/i18n/<lang>.yaml`) without `title` or `description`, or with other fields.' },
  { kind: 'translation-messages', area: 'Translations', description: 'A test name or message of a sandbox\'s tests with no translation under `messages:` (a warning; an error with `--strict`), a key the tests no longer print (warning), or a translation whose `{placeholders}` differ from its key (error).' },
] as const satisfies readonly CheckKind[];

export type CheckKindId = (typeof CHECK_KINDS)[number]['kind'];
