/**
 * Chooses the backend for a sandbox and says why, in a sentence the page shows next to the Run button:
 * WebContainers when the page is cross-origin isolated and they boot in time, otherwise the local
 * runner in the course server. Decides only; the runtimes do the work, and the caller supplies how to
 * try WebContainers, so this is tested with fakes.
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
  if (localConfig !== undefined) return local(fallbackReason(failure));
  throw new Error(sandboxString('pick.noRuntime', { why: failure instanceof Error ? failure.message : String(failure) }));
}

function fallbackReason(failure: unknown): string {
  if (failure instanceof WebContainerStartError) {
    if (failure.failure === 'not-isolated') return sandboxString('pick.fallback.notIsolated');
    if (failure.failure === 'timeout') return sandboxString('pick.fallback.timeout');
    return sandboxString('pick.fallback.failed', { detail: failure.detail || failure.message });
  }
  const detail = failure instanceof Error ? failure.message : String(failure);
  return sandboxString('pick.fallback.failed', { detail: detail.replace(/\.$/, '') });
}
