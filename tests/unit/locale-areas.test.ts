/**
 * Interface words for every area come from locales/<lang>.yaml: the lookup falls back to English key by key
 * (from locales/en.yaml, not from a copy in src/), and the check measures a translation against every area's keys.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { loadPageStrings, sectionStrings } from '../../src/i18n/page-strings.ts';
import { BROWSER_SECTIONS, browserLanguageFor, browserLanguages, browserStrings, browserStringsUrl } from '../../src/i18n/browser-sections.ts';
import { LOCALE_AREAS } from '../../src/i18n/areas.ts';
import { localeProblems, localeSection } from '../../src/i18n/locales.ts';
import { fillPlaceholders, lookup, stringsOf } from '../../src/i18n/lookup.ts';
import { QUIZ_KEYS, en as quizEnglish } from '../../src/quiz/strings.ts';
import { PANEL_KEYS, panelText } from '../../src/progress/panel-strings.ts';
import { LAB_KEYS, labText } from '../../src/sandbox/lab-strings.ts';
import { sandboxString } from '../../src/sandbox/runtime-strings.ts';
import { viewerText } from '../../src/diagrams/viewer-strings.ts';
import { SANDBOX_UI_KEYS, sandboxUi, uiPlural, uiText } from '../../src/sandbox/ui-strings.ts';

const EN = readFileSync(join(import.meta.dirname, '../../locales/en.yaml'), 'utf8');
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project root with locales/en.yaml (the course's own) and the given other locale files. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'locale-areas-'));
  roots.push(root);
  mkdirSync(join(root, 'locales'));
  writeFileSync(join(root, 'locales/en.yaml'), EN);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'locales', name), text);
  return root;
}

/** en.yaml with a few quiz and panel lines translated, one quiz key dropped, one panel key misspelt, one placeholder renamed. */
const JA = EN.replace(/^ {2}control\.check: .*$/m, '  control.check: 確認')
  .replace(/^ {2}control\.reset: .*\n/m, '')
  .replace(/^ {2}resetCancel: .*$/m, '  resetCancle: キャンセル')
  .replace(/^ {2}question\.number: .*$/m, '  question.number: 問題 {num} / {total}')
  .replace(/^ {2}resetConfirm: .*$/m, '  resetConfirm: 進捗をリセット');

const lineOf = (text: string, start: string) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;

describe('the lookup', () => {
  test('reads every area from locales/en.yaml: the quiz and progress panel tables are the English words', () => {
    expect(quizEnglish['control.check']).toBe('Check');
    expect(quizEnglish['feedback.correct']).toBe('Correct!');
    expect(Object.keys(quizEnglish).sort()).toEqual(['lang', ...QUIZ_KEYS].sort());
    const panel = localeSection('progressPanel', PANEL_KEYS, 'en');
    expect(panelText(panel, 'exported', { count: 2, file: 'p.json' })).toBe('Progress and saved code for 2 exercises saved as p.json.');
  });

  test('island words outside a browser (Node: tests, scripts) are English read from locales/en.yaml', () => {
    expect(labText('lab.dialogLabel', { title: 'Chat' })).toBe('Lab view: Chat');
    expect(labText('compare.firstDifference', { line: 7 })).toBe('Showing the first difference, at line 7.');
    expect(localeSection('lab', LAB_KEYS, 'en')['sync.keep']).toBe('Keep mine');
    expect(uiText('editor.loading')).toBe('Loading the editor…');
    expect(viewerText('zoom', { percent: 150 })).toBe('Zoom 150 %');
    expect(sandboxString('runtime.noFile', { path: 'a.ts', files: 'b.ts' })).toBe('There is no file "a.ts" in the sandbox. Its files are: b.ts.');
    expect(uiPlural('check.summary.allPassed', 4, { total: 4 })).toBe('All 4 tests passed.');
    expect(Object.keys(sandboxUi).sort()).toEqual(['lang', ...SANDBOX_UI_KEYS].sort());
  });

  test('in a browser an island reads its page language\'s words from the file the page names, fetched once per language', async () => {
    const fetched: string[] = [];
    let url = '/locale-strings/ja.json?v=1';
    vi.stubGlobal('document', { querySelector: (selector: string) => (selector === 'meta[name="course-strings"]' ? { content: url } : null) });
    vi.stubGlobal('fetch', async (requested: string) => {
      fetched.push(requested);
      const words = requested.includes('/ja.') ? '課題' : 'Task';
      return new Response(JSON.stringify({ 'fixture-fetched': { 'lab.task': words } }));
    });
    try {
      expect(sectionStrings('fixture-fetched')['lab.task'], 'before the words arrive, lookups show keys').toBeUndefined();
      await Promise.all([loadPageStrings(), loadPageStrings()]);
      expect(sectionStrings('fixture-fetched')['lab.task']).toBe('課題');
      await loadPageStrings();
      expect(fetched, 'one request per language, however many islands ask').toEqual(['/locale-strings/ja.json?v=1']);
      url = '/locale-strings/en.json?v=2'; // a view transition to a page in another language
      await loadPageStrings();
      expect(sectionStrings('fixture-fetched')['lab.task']).toBe('Task');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('a failed fetch never rejects: islands boot and show keys, and the console says which file failed', async () => {
    vi.stubGlobal('document', { querySelector: () => ({ content: '/locale-strings/xx.json?v=9' }) });
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(loadPageStrings()).resolves.toBeUndefined();
      expect(String(errors.mock.calls[0]?.[0])).toContain('/locale-strings/xx.json?v=9');
    } finally {
      errors.mockRestore();
      vi.unstubAllGlobals();
    }
  });

  test('the browser file: every browser section, English filling what a language lacks, a URL that changes with the words', () => {
    const root = project({ 'ja.yaml': 'wire:\n  toolbar.pause: 一時停止\n' });
    const ja = browserStrings('ja', root);
    expect(Object.keys(ja).sort()).toEqual(Object.keys(BROWSER_SECTIONS).sort());
    expect(ja.wire?.['toolbar.pause']).toBe('一時停止');
    expect(ja.wire?.['toolbar.show']).toBe('Show');
    expect(browserLanguages(root)).toEqual(['en', 'ja']);
    expect(browserLanguageFor('ja-JP', root)).toBe('ja');
    expect(browserLanguageFor('ko', root)).toBe('en');
    const before = browserStringsUrl('ja', '/', root);
    expect(before).toMatch(/^\/locale-strings\/ja\.json\?v=[0-9a-f]{10}$/);
    writeFileSync(join(root, 'locales/ja.yaml'), 'wire:\n  toolbar.pause: 止める\n');
    utimesSync(join(root, 'locales/ja.yaml'), new Date(), new Date(Date.now() + 5000));
    expect(browserStringsUrl('ja', '/base', root)).not.toBe(before.replace('/locale', '/base/locale'));
  });

  test('a page in ja gets the ja words, and English for each key ja.yaml lacks', () => {
    const root = project({ 'ja.yaml': JA });
    const quiz = localeSection('quiz', QUIZ_KEYS, 'ja', root);
    expect(quiz['control.check']).toBe('確認');
    expect(quiz['control.reset']).toBe('Start over');
    const panel = localeSection('progressPanel', PANEL_KEYS, 'ja', root);
    expect(panel.resetConfirm).toBe('進捗をリセット');
    expect(panel.resetCancel).toBe('Cancel');
  });

  test('pt-BR looks in pt-BR.yaml, then pt.yaml, then English', () => {
    const root = project({ 'pt.yaml': 'quiz:\n  control.check: Verificar\n  feedback.correct: Certo!\n', 'pt-BR.yaml': 'quiz:\n  control.check: Conferir\n' });
    const quiz = localeSection('quiz', QUIZ_KEYS, 'pt-BR', root);
    expect([quiz['control.check'], quiz['feedback.correct'], quiz['control.reset']]).toEqual(['Conferir', 'Certo!', 'Start over']);
  });

  test('a key English lacks is an error naming the file and key, not a blank on the page', () => {
    const root = project({});
    writeFileSync(join(root, 'locales/en.yaml'), 'quiz:\n  control.check: Check\n');
    expect(() => localeSection('quiz', QUIZ_KEYS, 'en', root)).toThrow('locales/en.yaml has no "quiz: quiz.label" entry');
  });

  test('fills {placeholders}, leaves unknown ones visible, and reads a table a page embedded as JSON', () => {
    expect(fillPlaceholders('Hint {number} of {total}', { number: 1, total: 3 })).toBe('Hint 1 of 3');
    expect(fillPlaceholders('{count} of {total}', { count: 0 })).toBe('0 of {total}');
    const element = { dataset: { localeStrings: JSON.stringify({ resetCancelled: 'Rien.' }) } } as unknown as HTMLElement;
    const strings = stringsOf<'resetCancelled' | 'resetTitle'>(element);
    expect(lookup(strings, 'resetCancelled')).toBe('Rien.');
    expect(lookup(strings, 'resetTitle')).toBe('resetTitle');
  });
});

describe('npm run check on a ja.yaml', () => {
  test('reports the missing quiz key, the misspelt panel key and the renamed placeholder, each at its line', () => {
    const root = project({ 'ja.yaml': JA });
    const problems = localeProblems(root, LOCALE_AREAS);
    expect(problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['locales/ja.yaml', lineOf(JA, 'quiz:'), 'quiz'],
      ['locales/ja.yaml', lineOf(JA, '  question.number:'), 'quiz.question.number'],
      ['locales/ja.yaml', lineOf(JA, 'progressPanel:'), 'progressPanel'],
      ['locales/ja.yaml', lineOf(JA, '  resetCancle:'), 'progressPanel.resetCancle'],
    ]);
    expect(problems[0]!.message).toBe('The "quiz:" section lacks the key: control.reset; pages in this language would show those strings in English.');
    expect(problems[1]!.message).toBe('"question.number" has the placeholders {num}, {total} but English has {number}, {total}; the site fills in exactly those.');
    expect(problems[2]!.message).toContain('lacks the key: resetCancel');
    expect(problems[3]!.message).toBe('The key "resetCancle" is not one the interface uses, so its words would never show.');
  });

  test('a ja.yaml without the quiz section is told to copy it', () => {
    const root = project({ 'ja.yaml': EN.replace(/^quiz:\n(?: {2}.*\n)+/m, '') });
    const problems = localeProblems(root, LOCALE_AREAS);
    expect(problems.map((p) => p.message)).toEqual([`The locale file has no "quiz:" section, so those ${QUIZ_KEYS.length} interface strings would stay in English.`]);
  });

  test('the course\'s own locale files are clean for every area', () => {
    expect(localeProblems(join(import.meta.dirname, '../..'), LOCALE_AREAS)).toEqual([]);
  });
});
