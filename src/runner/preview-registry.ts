/**
 * The servers the preview proxy may forward to. Each entry is one port of one run, under a random
 * key that only the run's own connection is told (in its `port` message), so a preview URL names
 * exactly one run of one connection: another connection reusing the run id, or a page guessing ids,
 * reaches nothing. Entries go, and `ended` fires, the moment the run ends, so the proxy can close
 * every tunnel it opened for it.
 */
import { randomBytes } from 'node:crypto';

export interface PreviewTarget {
  /** The port of the run's server, as the kernel reported it listening. */
  port: number;
  /** Aborted when the run ends; the proxy closes every connection it made for this target. */
  ended: AbortSignal;
  /**
   * Where to connect right now, if a process of the run still holds the port in LISTEN state
   * (listening-ports.ts); undefined otherwise, e.g. after the server closed and something else took the port.
   */
  connectHost(): string | undefined;
}

export class PreviewRegistry {
  private readonly targets = new Map<string, PreviewTarget>();

  /** Registers a target and returns its key (128 random bits, URL-safe). */
  add(target: PreviewTarget): string {
    const key = randomBytes(16).toString('base64url');
    this.targets.set(key, target);
    target.ended.addEventListener('abort', () => this.targets.delete(key), { once: true });
    return key;
  }

  get(key: string): PreviewTarget | undefined {
    return this.targets.get(key);
  }

  get size(): number {
    return this.targets.size;
  }
}
