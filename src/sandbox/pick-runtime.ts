/**
 * Chooses the backend for a sandbox and says why, in a sentence the page shows next to the Run button.
 * Where the course server's local runner answers (`npm start`, `npm run dev`) it is used at once unless
 * the learner chose WebContainers: trying them first cost every page load a silent wait of up to the
 * boot limit offline (issue #13, item 2). Without a runner (the static site) WebContainers run the code.
 * When the learner chose WebContainers and they fail where a runner exists, the error says so and the
 * page offers the runner in one click (runtime-choice-ui.ts) instead of switching behind their back.
 * Decides only; the runtimes do the work, and the caller supplies how to try WebContainers, so this
 * is tested with fakes.
 */
import { createLocalRuntime, type LocalRuntimeOptions } from './local-runtime.ts';
import { sandboxString } from './runtime-strings.ts';
import { WebContainerStartError } from './webcontainer-boot.ts';
import type { RuntimeKind, SandboxRuntime } from './runtime.ts';

export interface PickRuntimeOptions {
  /** The learner's saved choice (runtime-choice.ts); undefined chooses automatically. */
  preferred?: RuntimeKind;
  /** Use the local runner without trying WebContainers (`?runtime=local`). Ignored when there is no runner. */
  forceLocal?: boolean;
  /** How the local runner was forced, for the reason line. Default `?runtime=local`. */
  forcedBy?: string;
  /** Where the local runner is; undefined on the static site, which has none. */
  localConfig?: LocalRuntimeOptions;
  /** Boots WebContainers with the sandbox's settings, e.g. `() => createWebContainerRuntime({ dependencies })`. */
  tryWebContainer: () => Promise<SandboxRuntime>;
  /** `crossOriginIsolated` of the page; defaults to the global. */
  isolated?: boolean;
  /** sandbox.yaml `webcontainer`: false when the exercise needs real Node. Default true. */
  webcontainerAllowed?: boolean;
}

export interface PickedRuntime {
  runtime: SandboxRuntime;
  /** One sentence for the learner: which runtime runs their code, and why that one. */
  reason: string;
}

/** Resolves with a runtime, or rejects with a sentence saying why this page cannot run code at all. */
export async function pickRuntime(options: PickRuntimeOptions): Promise<PickedRuntime> {
  const { localConfig } = options;
  const local = (reason: string): PickedRuntime => ({ runtime: createLocalRuntime(localConfig!), reason });

  if (localConfig !== undefined) {
    if (options.forceLocal) {
      return local(sandboxString('pick.forcedLocal', { source: options.forcedBy ?? '?runtime=local' }));
    }
    if (options.preferred === 'local') return local(sandboxString('pick.chosenLocal'));
  }
  if (options.webcontainerAllowed === false) {
    if (localConfig !== undefined) return local(sandboxString('pick.sandboxNeedsLocal'));
    throw new Error(sandboxString('pick.noRuntime', { why: sandboxString('pick.noRuntime.sandboxNeedsLocal') }));
  }
  // Automatic with a runner present: no WebContainer boot to wait for.
  if (localConfig !== undefined && options.preferred === undefined) return local(sandboxString('pick.localPresent'));

  const isolated = options.isolated ?? (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  let failure: unknown;
  if (!isolated) {
    // Booting cannot work without SharedArrayBuffer; do not even load the WebContainer API.
    failure = new WebContainerStartError('not-isolated', sandboxString('wc.notIsolated'));
  } else {
    try {
      return { runtime: await options.tryWebContainer(), reason: sandboxString('pick.webcontainer') };
    } catch (error) {
      failure = error;
    }
  }
  const why = failure instanceof Error ? failure.message : String(failure);
  // The learner chose WebContainers: say why they failed and leave the switch to the runner to them.
  if (localConfig !== undefined) throw new Error(sandboxString('pick.wcFailedLocalOffered', { why }));
  throw new Error(sandboxString('pick.noRuntime', { why }));
}
