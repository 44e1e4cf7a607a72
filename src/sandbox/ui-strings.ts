/**
 * The keys of every word the sandbox page UI shows (src/components/Sandbox.astro, the <course-sandbox>
 * island and the editor). The words are in locales/<lang>.yaml under `sandbox:`; Sandbox.astro renders
 * with the page language's table and embeds it once for the island (src/i18n/page-strings.ts). Sentences
 * the runtimes, the runtime picker and autosave produce live beside them in runtime-strings.ts. `{name}`
 * marks a value filled in by `uiText()`; plural forms are `.one` / `.other` keys picked with
 * `Intl.PluralRules` by `uiPlural()`.
 */
import { fillPlaceholders } from '../i18n/lookup.ts';
import { sectionStrings } from '../i18n/page-strings.ts';

export const SANDBOX_UI_KEYS = [
  'wire.open',
  'sandbox.files',
  'sandbox.readOnly',
  'sandbox.noScript',
  'sandbox.staticNote',
  'sandbox.starterChanged',
  'sandbox.unreadable',
  'sandbox.savedEditsNote',
  'sandbox.starterFailed',
  'sandbox.otherFiles',
  'editor.activate',
  'editor.loading',
  'editor.typeAhead',
  'editor.loaded',
  'editor.tabKeys',
  'editor.tabKeysMac',
  'editor.failed',
  'editor.label',
  'editor.readOnlyMessage',
  'run.run',
  'run.stop',
  'run.shortcut',
  'run.shortcutMac',
  'run.runTitle',
  'run.stopTitle',
  'run.starting',
  'run.failedToStart',
  'output.heading',
  'output.empty',
  'exit.code',
  'exit.signal',
  'exit.stopped',
  'exit.timeout',
  'exit.outputLimit',
  'exit.memory',
  'exit.processLimit',
  'exit.disconnect',
  'exit.other',
  'output.truncated',
  'output.progress',
  'output.openLocation',
  'output.fullTrace',
  'preview.heading',
  'preview.frameTitle',
  'preview.waiting',
  'preview.open',
  'preview.reload',
  'check.check',
  'check.progress',
  'check.running',
  'check.failedAt',
  'check.heading',
  'check.passed',
  'check.failed',
  'check.skipped',
  'check.todo',
  'check.summary.allPassed.one',
  'check.summary.allPassed.other',
  'check.summary.someFailed.one',
  'check.summary.someFailed.other',
  'check.summary.unfinished.one',
  'check.summary.unfinished.other',
  'check.summary.noTests',
  'check.summary.error',
  'check.duration',
  'check.output',
  'check.complete',
  'check.completeDetail',
  'compare.show',
  'compare.hide',
  'compare.heading',
  'compare.label',
  'compare.yours',
  'compare.solution',
  'compare.same',
  'reset.reset',
  'reset.confirm',
  'reset.done',
  'reset.undo',
  'reset.undone',
  'save.saved',
  'runtime.status',
  'runtime.choose',
  'runtime.auto',
  'runtime.local',
  'runtime.webcontainer',
  'runtime.notStarted',
  'runtime.connecting',
  'runtime.connectingFor',
  'runtime.failed',
  'runtime.switchLocal',
  'stage.boot',
  'stage.install',
  'stage.run',
  'stage.tests',
  'stage.seconds',
  'stage.cancel',
  'stage.cancelLabel',
  'stage.done',
  'stage.failed',
  'stage.cancelled',
  'stage.name.boot',
  'stage.name.install',
  'stage.name.run',
  'stage.name.tests',
  'explain.where',
  'explain.unsupportedTypeScript',
  'explain.syntax',
  'explain.missingModule',
  'explain.missingPackage',
] as const;

export type SandboxUiKey = (typeof SANDBOX_UI_KEYS)[number];
export type SandboxUiTable = { readonly lang: string } & { readonly [K in SandboxUiKey]: string };

/** The table for this page: its embedded `sandbox:` section in a browser, English from locales/en.yaml elsewhere. */
export function currentUi(): SandboxUiTable {
  const lang = typeof document === 'undefined' ? 'en' : document.documentElement.lang || 'en';
  return { lang, ...(sectionStrings('sandbox') as Record<SandboxUiKey, string>) };
}

/** The table when this module loaded (its `lang` sets number formats; see currentUi for the live one). */
export const sandboxUi: SandboxUiTable = currentUi();

/** Looks up a string and fills `{name}` placeholders; unknown placeholders stay visible so they get noticed. */
export function uiText(key: SandboxUiKey, values: Record<string, string | number> = {}, table?: SandboxUiTable): string {
  return fillPlaceholders((table ? table[key] : sectionStrings('sandbox')[key]) ?? key, values);
}

type PluralBase<K extends string> = K extends `${infer Base}.one` ? Base : never;
export type SandboxUiPluralKey = PluralBase<SandboxUiKey>;

/** Picks the `.one` or `.other` form for `count` by the table's language rules, then fills placeholders. */
export function uiPlural(
  key: SandboxUiPluralKey,
  count: number,
  values: Record<string, string | number> = {},
  table: SandboxUiTable = currentUi(),
): string {
  const form = new Intl.PluralRules(table.lang).select(count) === 'one' ? 'one' : 'other';
  return uiText(`${key}.${form}` as SandboxUiKey, { count, ...values }, table);
}
