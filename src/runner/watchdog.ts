/**
 * One timer for all runs: every tick it reads the process table once and tells each watched run how
 * many live processes its tree has and how much resident memory they use together. The run decides
 * what to do about it. The timer only exists while something is watched, so an idle runner costs nothing.
 */
import type { ProcessScanner } from './process-table.ts';
import type { ProcessTree } from './process-tree.ts';

export interface TreeSample {
  processCount: number;
  residentBytes: number;
}

export interface WatchTarget {
  tree: ProcessTree;
  onSample(sample: TreeSample): void;
}

export class Watchdog {
  private readonly targets = new Set<WatchTarget>();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly scanner: ProcessScanner;

  constructor(intervalMs: number, scanner: ProcessScanner) {
    this.intervalMs = intervalMs;
    this.scanner = scanner;
  }

  /** Starts sampling `target` (the first sample comes one interval later); returns the way to stop. */
  watch(target: WatchTarget): () => void {
    this.targets.add(target);
    if (this.timer === undefined && this.scanner.available) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
    }
    return () => {
      this.targets.delete(target);
      if (this.targets.size === 0) this.stop();
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const snapshot = this.scanner.scan();
    if (snapshot === undefined) return;
    for (const target of [...this.targets]) {
      const members = target.tree.members(snapshot);
      let residentBytes = 0;
      for (const member of members) residentBytes += this.scanner.residentBytes(member.pid);
      target.onSample({ processCount: members.length, residentBytes });
    }
  }
}
