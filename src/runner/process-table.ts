/**
 * A snapshot of Linux's process table from /proc (proc(5)), just the fields the runner needs to find a
 * run's processes: parent, process group, session, start time and state. Reading it costs one small
 * file per process, roughly 2 ms for a hundred processes, so the watchdog can afford it every tick.
 *
 * On systems without /proc (macOS) `scan()` returns undefined; the runner then falls back to killing
 * the process group and cannot count processes or measure memory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group id: everything the run spawns stays in the entry's group unless it calls setpgid/setsid. */
  pgid: number;
  /** Session id: the entry process is a session leader (spawned detached, i.e. after setsid). */
  sid: number;
  /** Clock ticks after boot at which the process started; with pid it identifies a process across pid reuse. */
  startTime: string;
  /** One-letter state (proc(5)): R running, S sleeping, Z zombie, … */
  state: string;
}

export type ProcessSnapshot = ReadonlyMap<number, ProcessInfo>;

/** A key that never names two different processes, even after the pid is reused. */
export function processKey(info: Pick<ProcessInfo, 'pid' | 'startTime'>): string {
  return `${info.pid}@${info.startTime}`;
}

/** Parses /proc/<pid>/stat. The command name (field 2) may contain spaces and parentheses, so fields are counted after its last ")". */
export function parseStat(text: string): ProcessInfo | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // Field 3 (state) onwards; index 0 here is field 3 of proc(5).
  const fields = text.slice(close + 2).split(' ');
  const startTime = fields[22 - 3];
  if (!Number.isInteger(pid) || fields.length < 20 || startTime === undefined) return undefined;
  return {
    pid,
    state: fields[0] ?? '?',
    ppid: Number(fields[4 - 3]),
    pgid: Number(fields[5 - 3]),
    sid: Number(fields[6 - 3]),
    startTime,
  };
}

export class ProcessScanner {
  readonly available = existsSync('/proc/self/stat');
  /** Cached environment tags by process key; a process's initial environment never changes. */
  private readonly tags = new Map<string, string | undefined>();

  /** Reads every process's stat file; processes that exit while we read are simply absent. */
  scan(): ProcessSnapshot | undefined {
    if (!this.available) return undefined;
    const snapshot = new Map<number, ProcessInfo>();
    for (const name of readdirSync('/proc')) {
      const first = name.charCodeAt(0);
      if (first < 48 || first > 57) continue; // not a pid folder
      const info = parseStat(readOrEmpty(`/proc/${name}/stat`));
      if (info !== undefined) snapshot.set(info.pid, info);
    }
    // Forget tags of processes that are gone, so the cache stays as small as the process table.
    for (const key of this.tags.keys()) {
      const pid = Number(key.slice(0, key.indexOf('@')));
      const info = snapshot.get(pid);
      if (info === undefined || processKey(info) !== key) this.tags.delete(key);
    }
    return snapshot;
  }

  /**
   * The value of `name` in the process's initial environment (/proc/<pid>/environ), cached. Used to
   * recognise a run's processes that left its process group, session and parent chain.
   */
  environmentValue(info: ProcessInfo, name: string): string | undefined {
    const key = processKey(info);
    if (this.tags.has(key)) return this.tags.get(key);
    const value = findEnvironmentValue(readBufferOrEmpty(`/proc/${info.pid}/environ`), name);
    this.tags.set(key, value);
    return value;
  }

  /** Resident memory of one process in bytes (VmRSS in /proc/<pid>/status), 0 when it is gone. */
  residentBytes(pid: number): number {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readOrEmpty(`/proc/${pid}/status`));
    return match ? Number(match[1]) * 1024 : 0;
  }
}

/** Finds NAME=value in a NUL-separated environment block. */
export function findEnvironmentValue(environ: Buffer, name: string): string | undefined {
  const prefix = `${name}=`;
  for (const entry of environ.toString('utf8').split('\u0000')) {
    if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  }
  return undefined;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process exited between readdir and read
  }
}

function readBufferOrEmpty(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}
