/**
 * The keys of every sentence the sandbox runtimes, the runtime picker and the autosave store show to the
 * learner. The words are in locales/<lang>.yaml under `runtime:`; in the browser they come from the section
 * the sandbox page embeds, under Node (the local runner, tests, scripts) from locales/en.yaml
 * (src/i18n/page-strings.ts). `{name}` marks a value filled in by `sandboxString`.
 */
import { fillPlaceholders } from '../i18n/lookup.ts';
import { sectionStrings } from '../i18n/page-strings.ts';

export const RUNTIME_KEYS = [
  'runtime.local.label',
  'runtime.webcontainer.label',
  'runtime.tornDown',
  'runtime.noFile',
  'runtime.noFiles',
  'runtime.testFileClash',
  'local.unreachable',
  'local.noAnswer',
  'local.closedBeforeReady',
  'local.protocolVersion',
  'local.badMessage',
  'local.disconnectedNotice',
  'local.disconnectedBeforeStart',
  'local.disconnectedDuringTests',
  'wc.notIsolated',
  'wc.timeout',
  'wc.bootCancelled',
  'wc.testsCancelled',
  'wc.bootFailed',
  'wc.bootHint.storage',
  'wc.bootHint.browser',
  'wc.installing',
  'wc.installed',
  'wc.installCancelled',
  'wc.noManifest',
  'wc.portBusy',
  'wc.internalError',
  'wc.installFailed',
  'wc.runTimeout',
  'wc.testTimeout',
  'wc.noReport',
  'test.nothingPrinted',
  'test.fileFailed',
  'pick.webcontainer',
  'pick.forcedLocal',
  'pick.chosenLocal',
  'pick.sandboxNeedsLocal',
  'pick.localPresent',
  'pick.wcFailedLocalOffered',
  'pick.noRuntime',
  'pick.noRuntime.sandboxNeedsLocal',
  'autosave.failed',
] as const;

export type SandboxStringKey = (typeof RUNTIME_KEYS)[number];

/** Looks up a sentence and fills its `{name}` placeholders; an unfilled one stays visible as `{name}`. */
export function sandboxString(key: SandboxStringKey, values: Record<string, string | number> = {}): string {
  return fillPlaceholders(sectionStrings('runtime')[key] ?? key, values);
}
