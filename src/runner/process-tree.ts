/**
 * Which processes belong to one run, and how to kill all of them.
 *
 * The entry process is spawned detached, so it leads a new session and process group, and one
 * `kill(-pgid, SIGKILL)` reaches everything that stays in that group. A program can leave the group
 * (`spawn(..., {detached: true})` calls setsid), and a child whose parent exits is re-parented to
 * init, so a run's processes are recognised by any of these, each sufficient:
 *   - the entry process itself;
 *   - the entry's session or process group (both numbered after the entry's pid);
 *   - a random tag in the initial environment, inherited by every descendant that does not clear it;
 *   - a process seen as a member before (by pid and start time, so a reused pid is not mistaken);
 *   - a child of any member.
 * What escapes all five (a double fork that also scrubs its environment, completed between two
 * watchdog ticks) is beyond what a userspace runner without namespaces can see.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { processKey, type ProcessInfo, type ProcessScanner, type ProcessSnapshot } from './process-table.ts';

/** The environment variable carrying the run's tag; the protocol refuses BRR_* names from the browser. */
export const RUN_TAG_VARIABLE = 'BRR_RUN_TAG';

export class ProcessTree {
  readonly rootPid: number;
  readonly tag: string;
  private readonly scanner: ProcessScanner;
  private known = new Set<string>();

  constructor(rootPid: number, tag: string, scanner: ProcessScanner) {
    this.rootPid = rootPid;
    this.tag = tag;
    this.scanner = scanner;
  }

  /** The live (non-zombie) processes of the run in `snapshot`; remembers them for the next call. */
  members(snapshot: ProcessSnapshot): ProcessInfo[] {
    const members = new Map<number, ProcessInfo>();
    const childrenOf = new Map<number, ProcessInfo[]>();
    for (const info of snapshot.values()) {
      // Zombies are dead already; they only wait for their parent (or init) to collect the exit status.
      if (info.state === 'Z' || info.state === 'X') continue;
      const siblings = childrenOf.get(info.ppid);
      if (siblings) siblings.push(info);
      else childrenOf.set(info.ppid, [info]);
      if (this.isMarkedMember(info)) members.set(info.pid, info);
    }
    // Children of members are members, however they changed group, session or environment.
    const queue = [...members.values()];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const child of childrenOf.get(next.pid) ?? []) {
        if (!members.has(child.pid)) {
          members.set(child.pid, child);
          queue.push(child);
        }
      }
    }
    this.known = new Set([...members.values()].map(processKey));
    return [...members.values()];
  }

  private isMarkedMember(info: ProcessInfo): boolean {
    return (
      info.pid === this.rootPid ||
      info.sid === this.rootPid ||
      info.pgid === this.rootPid ||
      this.known.has(processKey(info)) ||
      this.scanner.environmentValue(info, RUN_TAG_VARIABLE) === this.tag
    );
  }

  /**
   * SIGKILLs the group and every member, then looks again until nothing is left, because a member may
   * have forked between the scan and the kill. Bounded, so a pathological case cannot hang the runner.
   * `rootAlive` says whether the entry process is still unreaped; only then is its pid, and with it the
   * group id, guaranteed not to have been reused by an unrelated process.
   */
  async killAll(rootAlive: () => boolean): Promise<void> {
    for (let pass = 0; pass < 40; pass += 1) {
      if (this.killOnce(rootAlive()) === 0) return;
      await delay(pass < 5 ? 5 : 25);
    }
  }

  /**
   * One synchronous kill pass; returns how many members it found alive (0: the tree is gone, or
   * there is no /proc and the group kill is all that can be done). Synchronous so that it also
   * works inside a process 'exit' handler.
   */
  killOnce(rootAlive: boolean): number {
    if (rootAlive) signal(-this.rootPid);
    const snapshot = this.scanner.scan();
    if (snapshot === undefined) return 0;
    const members = this.members(snapshot);
    for (const member of members) signal(member.pid);
    return members.length;
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone, which is what we wanted.
  }
}
