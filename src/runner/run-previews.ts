/**
 * The preview side of one run: turns the entry's port reports into preview targets, but only for
 * ports the kernel says a process of this run is listening on (listening-ports.ts). The report is a
 * hint from code the runner does not trust; the kernel's socket table is the authority.
 */
import { listeningPorts, listeningPortsAvailable } from './listening-ports.ts';
import type { PreviewRegistry } from './preview-registry.ts';
import type { ProcessScanner } from './process-table.ts';
import type { ProcessTree } from './process-tree.ts';

/** The report comes right after listen() succeeded, but give a busy machine a moment before doubting it. */
const CONFIRM_ATTEMPTS = 10;
const CONFIRM_INTERVAL_MS = 50;

export class RunPreviews {
  private readonly tree: ProcessTree;
  private readonly context: { scanner: ProcessScanner; previews: PreviewRegistry; previewUrl?: (key: string) => string };
  private readonly ended: AbortSignal;
  private readonly keys = new Map<number, string>();

  constructor(tree: ProcessTree, context: RunPreviews['context'], ended: AbortSignal) {
    this.tree = tree;
    this.context = context;
    this.ended = ended;
  }

  /** The ports the run's processes are listening on now, with the loopback address to reach each. */
  listening(): Map<number, string> {
    const snapshot = this.context.scanner.scan();
    if (snapshot === undefined) return new Map();
    return listeningPorts(this.tree.members(snapshot).map((member) => member.pid));
  }

  /**
   * Resolves once the kernel confirms the run listens on `port`: `confirmed`, and the preview URL when
   * the host serves previews. Not confirmed when it never does, or when the run ends first: the
   * report was false (or stale), and the browser hears nothing of it.
   */
  async confirm(port: number): Promise<{ confirmed: boolean; previewUrl?: string }> {
    const previewUrl = this.context.previewUrl;
    const known = this.keys.get(port);
    if (known !== undefined) return { confirmed: true, previewUrl: previewUrl?.(known) };
    if (listeningPortsAvailable) {
      let confirmed = false;
      for (let attempt = 0; attempt < CONFIRM_ATTEMPTS && !this.ended.aborted; attempt += 1) {
        if (this.listening().has(port)) {
          confirmed = true;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, CONFIRM_INTERVAL_MS));
      }
      if (!confirmed || this.ended.aborted) return { confirmed: false };
    }
    if (previewUrl === undefined) return { confirmed: true };
    const key = this.context.previews.add({
      port,
      ended: this.ended,
      // Without /proc (macOS, Windows) the report is all there is; the proxy still refuses the course server's own ports.
      connectHost: () => (listeningPortsAvailable ? this.listening().get(port) : '127.0.0.1'),
    });
    this.keys.set(port, key);
    return { confirmed: true, previewUrl: previewUrl(key) };
  }
}
