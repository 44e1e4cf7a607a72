/**
 * Booting WebContainers once per page session. `WebContainer.boot()` is expensive, allows only one
 * instance at a time, and never settles when the browser cannot reach StackBlitz (offline, blocked
 * network), so every caller races the one shared boot against its own timeout instead of booting again.
 */
import type { WebContainer } from '@webcontainer/api';
import { sandboxString } from './runtime-strings.ts';

/**
 * The part of `WebContainer` the runtime uses. The default boot returns a real WebContainer through
 * this type, so the compiler checks that the real class fits it; tests pass a fake of the same shape.
 */
export interface ContainerLike {
  /** Absolute path of the working folder; every fs path and `cwd` below is relative to it. */
  readonly workdir: string;
  readonly fs: {
    readFile(path: string, encoding: 'utf-8'): Promise<string>;
    writeFile(path: string, data: string): Promise<void>;
    mkdir(path: string, options: { recursive: true }): Promise<string>;
    rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
  };
  spawn(command: string, args: string[], options?: ContainerSpawnOptions): Promise<ContainerProcess>;
  on(event: 'server-ready', listener: (port: number, url: string) => void): () => void;
  /** A port opened or closed by any process in the container. */
  on(event: 'port', listener: (port: number, type: 'open' | 'close', url: string) => void): () => void;
  /** An internal WebContainers error after the boot (e.g. its service worker or iframe was blocked). */
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
}

export interface ContainerSpawnOptions {
  cwd?: string;
  env?: Record<string, string | number | boolean>;
  output?: boolean;
  /** The pseudo-terminal's size; output lines longer than `cols` are wrapped by the terminal. */
  terminal?: { cols: number; rows: number };
}

export interface ContainerProcess {
  exit: Promise<number>;
  input: WritableStream<string>;
  /**
   * Terminal output: stdout and stderr of the process and its descendants, merged as on a terminal,
   * with CRLF line ends and whatever escape codes programs print for a TTY.
   */
  output: ReadableStream<string>;
  /** Ends this process only; WebContainers do not kill its descendants (they keep running and their ports stay open). */
  kill(): void;
}

export type BootContainer = () => Promise<ContainerLike>;

export type WebContainerStartFailure = 'not-isolated' | 'timeout' | 'failed' | 'cancelled';

/** Why WebContainers are unavailable; `failure` lets the runtime picker word its fallback. */
export class WebContainerStartError extends Error {
  readonly failure: WebContainerStartFailure;
  /** For 'failed': what WebContainers said, short enough to quote inside another sentence. */
  readonly detail: string;
  constructor(failure: WebContainerStartFailure, message: string, detail = '') {
    super(message);
    this.name = 'WebContainerStartError';
    this.failure = failure;
    this.detail = detail;
  }
}

/**
 * The real boot. Loaded on demand so pages that end up on the local runner never download the API.
 * `coep` must match the header our servers send (src/integrations/cross-origin-isolation.ts).
 */
export const bootWebContainer: BootContainer = async () => {
  const { WebContainer: Container } = await import('@webcontainer/api');
  // boot() appends its iframe after an await of its own; watch for it from before the call.
  const watcher = new MutationObserver(keepContainerFrame);
  watcher.observe(document.body, { childList: true });
  try {
    const container: WebContainer = await Container.boot({ coep: 'require-corp', workdirName: 'course' });
    return container;
  } finally {
    keepContainerFrame();
    watcher.disconnect();
  }
};

/**
 * Boot appends a hidden iframe to <body> (dist/index.js of 1.6.4) that holds the whole container. Marking
 * it makes the ClientRouter's swap leave it in place (src/scripts/soft-navigation.ts), so the container
 * and its installed packages stay for the next lesson in this tab.
 */
function keepContainerFrame(): void {
  for (const frame of document.querySelectorAll<HTMLIFrameElement>('body > iframe[allow~="cross-origin-isolated"]')) {
    frame.setAttribute('data-keep-across-pages', '');
  }
}

/** One boot per boot function: the page's real one is shared by every sandbox; each test's fake is its own. */
const boots = new WeakMap<BootContainer, Promise<ContainerLike>>();

export interface BootOptions {
  boot?: BootContainer;
  timeoutMs: number;
  /** `crossOriginIsolated` of the page (HTML §7.1.3); WebContainers need SharedArrayBuffer, which needs it. */
  isolated: boolean;
  /**
   * The learner's Cancel: stops waiting at once. The boot itself goes on (WebContainers cannot abort
   * one, and refuse a second while it runs), so a retry in this tab picks it up, instantly once it arrived.
   */
  signal?: AbortSignal;
}

export function bootContainerOnce(options: BootOptions): Promise<ContainerLike> {
  if (!options.isolated) {
    // Booting would only hang or fail later with a vaguer message; say the real reason now.
    return Promise.reject(new WebContainerStartError('not-isolated', sandboxString('wc.notIsolated')));
  }
  const boot = options.boot ?? bootWebContainer;
  let shared = boots.get(boot);
  if (shared === undefined) {
    shared = boot();
    boots.set(boot, shared);
    // A boot that fails may be retried; one that is merely slow stays shared, because a second
    // concurrent boot() is refused by WebContainers and a late success is still welcome.
    shared.catch(() => {
      if (boots.get(boot) === shared) boots.delete(boot);
    });
  }
  return withTimeout(shared, options.timeoutMs, options.signal);
}

function withTimeout(booting: Promise<ContainerLike>, timeoutMs: number, signal?: AbortSignal): Promise<ContainerLike> {
  return new Promise((resolve, reject) => {
    const cancelled = (): void => {
      clearTimeout(timer);
      reject(new WebContainerStartError('cancelled', sandboxString('wc.bootCancelled')));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', cancelled);
      reject(new WebContainerStartError('timeout', sandboxString('wc.timeout', { seconds: timeoutMs / 1000 })));
    }, timeoutMs);
    if (signal?.aborted) return cancelled();
    signal?.addEventListener('abort', cancelled, { once: true });
    booting.then(
      (container) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', cancelled);
        resolve(container);
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', cancelled);
        const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
        reject(new WebContainerStartError('failed', sandboxString('wc.bootFailed', { detail, hint: bootHint(detail) }), detail));
      },
    );
  });
}

/** A sentence on the likely cause of a boot error, from what WebContainers said; empty when unknown. */
export function bootHint(detail: string): string {
  if (/cookie|storage|localStorage|indexedDB|iframe|SecurityError|access is denied/i.test(detail)) return sandboxString('wc.bootHint.storage');
  if (/SharedArrayBuffer|Atomics|crossOriginIsolated|not supported/i.test(detail)) return sandboxString('wc.bootHint.browser');
  return '';
}
