/**
 * Turning a WebContainer process's terminal output into the plain stdout/stderr chunks the local runner
 * sends. A WebContainer process writes to a pseudo-terminal (@webcontainer/api 1.6.4,
 * `WebContainerProcess.output`): stdout and stderr of the process and its children arrive merged, lines
 * end in CRLF, and programs that see a TTY print colour and cursor escape codes.
 *
 * To tell stderr apart anyway, the backend preloads STDERR_MARK_PRELOAD into every Node process (through
 * NODE_OPTIONS), which brackets each stderr write in two private OSC sequences. This parser takes the
 * brackets out again, so the page labels those bytes stderr. Output of a program that is not Node (or
 * that writes to fd 2 directly) stays unmarked and is labelled stdout: the page says so.
 */

/** OSC 7701 is unassigned; terminals ignore OSC sequences they do not know. */
export const STDERR_MARK_START = '\u001b]7701;e\u0007';
const STDERR_START = STDERR_MARK_START;
const STDERR_END = '\u001b]7701;o\u0007';

/**
 * An ES module preloaded with `--import` into every Node process in the container. Written into the
 * container as a file: WebContainers' Node resolves `--import` against files, not data: URLs, on every
 * version we know of.
 */
export const STDERR_MARK_PRELOAD = `// Marks stderr writes for the course page (src/sandbox/terminal-text.ts); the terminal merges the streams.
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => {
  if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) return write(chunk, ...rest);
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return write(${JSON.stringify(STDERR_START)} + text + ${JSON.stringify(STDERR_END)}, ...rest);
};
`;

export interface TerminalChunk {
  stream: 'stdout' | 'stderr';
  data: string;
}

/**
 * CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and two-byte escapes (ESC + one character).
 * ECMA-48 §5.4 and §8.3.89; what Node's util.inspect colours and readline's cursor moves use.
 */
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b(?![[\]])[@-_]/g;

/** Removes terminal escape codes and turns CRLF (and a terminal's lone CR before LF) into LF. */
export function plainText(text: string): string {
  return text.replace(ESCAPE, '').replace(/\r+\n/g, '\n');
}

/**
 * A stateful reader of one process's terminal stream: feed it chunks as they arrive, get clean chunks
 * out. Escape sequences cut between two chunks are held back until the rest arrives.
 */
export class TerminalReader {
  private pending = '';
  private inStderr = false;

  push(raw: string): TerminalChunk[] {
    let text = this.pending + raw;
    this.pending = '';
    // Hold back an escape sequence (or a CR that may be half of a CRLF) cut off at the end of the chunk.
    const cut = unfinishedTail(text);
    if (cut > 0) {
      this.pending = text.slice(text.length - cut);
      text = text.slice(0, text.length - cut);
    }
    return this.split(text);
  }

  /** The process ended: whatever was held back is output too. */
  flush(): TerminalChunk[] {
    const rest = this.pending;
    this.pending = '';
    return this.split(rest);
  }

  private split(text: string): TerminalChunk[] {
    const chunks: TerminalChunk[] = [];
    let index = 0;
    while (index < text.length) {
      const marker = this.inStderr ? STDERR_END : STDERR_START;
      const at = text.indexOf(marker, index);
      const end = at === -1 ? text.length : at;
      const data = plainText(text.slice(index, end));
      if (data !== '') chunks.push({ stream: this.inStderr ? 'stderr' : 'stdout', data });
      if (at === -1) break;
      this.inStderr = !this.inStderr;
      index = at + marker.length;
    }
    return merge(chunks);
  }
}

/** How many characters at the end of `text` start an escape sequence (or CR) that is not finished yet. */
function unfinishedTail(text: string): number {
  const escape = text.lastIndexOf('\u001b');
  if (escape !== -1) {
    const tail = text.slice(escape);
    const complete = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|(?![[\]])[@-_])/.test(tail);
    // An OSC may legitimately be cut at its own ESC of "ESC \": treat any ESC without its end as unfinished.
    if (!complete && tail.length < 64) return tail.length;
  }
  return text.endsWith('\r') ? 1 : 0;
}

function merge(chunks: TerminalChunk[]): TerminalChunk[] {
  const merged: TerminalChunk[] = [];
  for (const chunk of chunks) {
    const last = merged.at(-1);
    if (last && last.stream === chunk.stream) last.data += chunk.data;
    else merged.push({ ...chunk });
  }
  return merged;
}
