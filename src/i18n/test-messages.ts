/**
 * Every learner-visible message in a sandbox's tests (`sandboxes/<id>/tests/*.ts`), found with the
 * TypeScript parser: what the Check panel can show, so translators know which keys the
 * `messages:` table of `i18n/<lang>.yaml` needs. A message is
 *   - the title of a `describe`/`test`/`it` (also `.each(…)`, `.skip`, `.only`, `.concurrent` …),
 *   - the message argument of `expect(value, message)` / `expect.soft(value, message)`,
 *   - the text of `new Error(…)` (any `…Error`), `expect.fail(…)`, `assert.fail(…)`, and the last argument
 *     of `assert(…, message)` / `assert.xxx(…, message)`,
 *   - a string of two or more words passed to any other function, or returned by an arrow function passed
 *     to one (the "explanation" helpers a failing test prints),
 *   - a sentence (three or more words) anywhere else: a title in a table of cases, an explanation kept in a
 *     variable and printed later.
 * Template literals become keys with `{expr}` placeholders (expression text as in the source), and so does
 * `'text ' + value` concatenation. Data (JSON, URLs, ids, protocol bytes) is not a message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parseTemplate } from './message-template.ts';

export type MessageKind = 'title' | 'expect' | 'error' | 'assert' | 'helper' | 'text';

export interface TestMessage {
  /** The key: the English text, `{expr}` for each interpolated expression. */
  text: string;
  kind: MessageKind;
  /** Project-relative or caller-given file name. */
  file: string;
  /** 1-based line of the literal. */
  line: number;
}

const TITLE_FUNCTIONS = new Set(['describe', 'test', 'it', 'suite']);
/** Calls whose string arguments are data on a wire or a console, never shown by the Check panel. */
const DATA_FUNCTIONS = new Set([
  'send', 'say', 'write', 'end', 'emit', 'emitWithAck', 'publish', 'subscribe', 'fetch', 'parse', 'stringify', 'log', 'info', 'warn', 'debug',
  'error', 'from', 'setHeader', 'writeHead', 'on', 'once', 'off', 'get', 'set', 'has', 'join', 'split', 'replace', 'includes', 'startsWith',
  'endsWith', 'match', 'test', 'exec', 'toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toMatch', 'toThrow', 'toHaveProperty', 'URL', 'Buffer',
  'encode', 'decode', 'request', 'spawn', 'fork', 'execFile', 'readFile', 'writeFile', 'resolve', 'import', 'require',
]);

/** The root identifier of a callee: `test.skip.each(x)` → `test`, `expect.soft` → `expect`. */
function calleeRoot(expression: ts.Expression): string | undefined {
  let node: ts.Expression = expression;
  for (;;) {
    if (ts.isIdentifier(node)) return node.text;
    if (ts.isPropertyAccessExpression(node)) node = node.expression;
    else if (ts.isCallExpression(node)) node = node.expression;
    else return undefined;
  }
}

/** The last name of a callee: `app.server.listen` → `listen`. */
function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** The key for a text-valued expression: literals, template literals and `+` concatenations with a literal in them. */
export function messageKey(node: ts.Expression, source: ts.SourceFile): string | undefined {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `{${span.expression.getText(source)}}${span.literal.text}`).join('');
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = messageKey(node.left, source);
    const right = messageKey(node.right, source);
    if (left === undefined && right === undefined) return undefined;
    return `${left ?? `{${node.left.getText(source)}}`}${right ?? `{${node.right.getText(source)}}`}`;
  }
  return undefined;
}

/**
 * Prose rather than data: at least `minWords` words of letters with a space between them, and not JSON, a
 * URL, a path, an MQTT topic, an HTTP date or protocol text (placeholders count as neither words nor spaces).
 */
export function isSentenceLike(key: string, minWords = 3): boolean {
  const text = parseTemplate(key).map((part) => ('text' in part ? part.text : 'X')).join('').trim();
  if (/^[[{<"]|^[a-z]+:\/\/|^\//.test(text) || /[\r\n]/.test(key) || !/\s/.test(text)) return false;
  // Markup, `key:value` or `a=b` tokens (SDP, config lines) and header lists are data, not prose.
  if (/<[a-z/]|\w[:=]\w/.test(text) || (text.match(/(?<![\w-])[a-z]{2,}(?![\w-])/g) ?? []).length < 1) return false;
  if (/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} /.test(text)) return false; // an HTTP date
  return (text.match(/\p{L}{2,}/gu) ?? []).length >= minWords;
}

/**
 * Every text a test file spells out, message or not (any literal, template or concatenation): a key of the
 * `messages:` table that is none of these no longer exists in the tests. Translators may translate short
 * fragments the extractor does not list (a label printed inside another message); those are not stale.
 */
export function literalTexts(sourceText: string, file: string): Set<string> {
  const source = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const texts = new Set<string>();
  const visit = (node: ts.Node): void => {
    const text = messageKey(node as ts.Expression, source);
    if (text !== undefined) texts.add(text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}

const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** A text expression that is not part of a bigger one, nor a name, a type, a module path or a value compared against. */
function standsAlone(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.PlusToken || COMPARISONS.has(parent.operatorToken.kind))) return false;
  if (ts.isTemplateSpan(parent) || ts.isLiteralTypeNode(parent) || ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) return false;
  if (ts.isElementAccessExpression(parent) || ts.isCaseClause(parent) || ts.isImportTypeNode(parent)) return false;
  return true;
}

/** The messages in one test file's source, in source order. */
export function extractMessages(sourceText: string, file: string): TestMessage[] {
  const source = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: TestMessage[] = [];
  /** Nodes that became messages, and arguments of calls that carry data: nothing inside them is looked at again. */
  const taken = new Set<ts.Node>();
  const add = (node: ts.Expression | undefined, kind: MessageKind, minWords = 0): void => {
    if (!node) return;
    const text = messageKey(node, source);
    if (text === undefined || !text.trim() || (minWords && !isSentenceLike(text, minWords))) return;
    taken.add(node);
    found.push({ text, kind, file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  };
  const insideTaken = (node: ts.Node) => {
    for (let at: ts.Node | undefined = node; at; at = at.parent) if (taken.has(at)) return true;
    return false;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
      const root = calleeRoot(node.expression);
      const name = calleeName(node.expression);
      const isError = (callee: string | undefined) => Boolean(callee && /^(?:[A-Z]\w*)?Error$/.test(callee));
      if (ts.isNewExpression(node) || (ts.isIdentifier(node.expression) && isError(node.expression.text))) {
        if (isError(name)) add(args[0], 'error');
      } else if (root && TITLE_FUNCTIONS.has(root) && name !== 'each') {
        add(args[0], 'title');
      } else if (root === 'expect') {
        // expect(value, message), expect.soft(value, message), expect.fail(message); a matcher's arguments are data.
        if (ts.isIdentifier(node.expression) || name === 'soft') add(args[1], 'expect');
        else if (name === 'fail' && ts.isIdentifier((node.expression as ts.PropertyAccessExpression).expression)) add(args[0], 'error');
        else args.forEach((arg) => taken.add(arg));
      } else if (root === 'assert' && (ts.isIdentifier(node.expression) || ts.isPropertyAccessExpression(node.expression))) {
        if (name === 'fail') add(args[0], 'assert');
        else if (args.length >= 2) add(args[args.length - 1], 'assert');
      } else if (name && DATA_FUNCTIONS.has(name)) {
        args.forEach((arg) => taken.add(arg));
      } else {
        // What a helper prints when it fails ("waited 2 s for {what}"), even a short phrase, or what an arrow function it takes returns.
        for (const arg of args) {
          if ((ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) && !ts.isBlock(arg.body)) add(arg.body as ts.Expression, 'helper', 2);
          else add(arg, 'helper', 2);
        }
      }
    } else if (messageKey(node as ts.Expression, source) !== undefined && standsAlone(node) && !insideTaken(node)) {
      // Prose kept elsewhere (a title in a table of cases, an explanation in a variable) is printed sooner or later.
      add(node as ts.Expression, 'text', 3);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every `.ts` file in a sandbox's tests/ folder, read in name order. */
export function sandboxTestFiles(sandboxDir: string): string[] {
  const dir = join(sandboxDir, 'tests');
  const files: string[] = [];
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  try {
    walk('');
  } catch {
    return [];
  }
  return files;
}

/**
 * The messages of a sandbox's tests, one entry per distinct text (the first place it occurs),
 * with `file` as `sandboxes/<id>/tests/<name>`.
 */
export function sandboxMessages(root: string, id: string): TestMessage[] {
  const sandboxDir = join(root, 'sandboxes', id);
  const seen = new Map<string, TestMessage>();
  for (const name of sandboxTestFiles(sandboxDir)) {
    const file = `sandboxes/${id}/tests/${name}`;
    for (const message of extractMessages(readFileSync(join(sandboxDir, 'tests', name), 'utf8'), file)) {
      if (!seen.has(message.text)) seen.set(message.text, message);
    }
  }
  return [...seen.values()];
}

/** Every literal text of a sandbox's test files (literalTexts), for telling stale keys from short fragments. */
export function sandboxTexts(root: string, id: string): string[] {
  const sandboxDir = join(root, 'sandboxes', id);
  const texts = new Set<string>();
  for (const name of sandboxTestFiles(sandboxDir)) {
    for (const text of literalTexts(readFileSync(join(sandboxDir, 'tests', name), 'utf8'), name)) texts.add(text);
  }
  return [...texts];
}
