/**
 * The Run output pane. Output is queued as it arrives and drawn once per animation frame, at most
 * FRAME_CHARS per frame, so a program that prints a million lines cannot take the page's main thread
 * away from the learner's typing. The pane keeps the last MAX_LOG_CHARS characters in blocks of about
 * BLOCK_CHARS; whole blocks leave from the front (each block is its own layout box, so adding or removing
 * one never re-lays the rest), and a marker at the top says how much was removed.
 */
import { OutputQueue, countLines, type OutputPiece, type QueuedStream } from '../output-queue.ts';
import { sandboxUi, uiText } from '../ui-strings.ts';
import { looksLikeTrace } from '../stack-trace.ts';
import type { FileTree } from '../runtime.ts';
import { locationOf, traceBlock, type OpenLocation } from './trace-view.ts';

/** The output pane keeps at most this much text; older lines go first, so a chatty loop cannot freeze the page. */
export const MAX_LOG_CHARS = 200_000;
/** Characters drawn per animation frame: a few milliseconds of layout on a slow laptop. */
const FRAME_CHARS = 32_768;
/** Size of one block of lines; a block closes at the first line end past it (or at twice it without one). */
const BLOCK_CHARS = 4096;
/** A frame of drawing slower than this is recorded as a User Timing measure. */
const SLOW_DRAW_MS = 4;
/** Screen readers hear at most one line of program output this often; the log itself is not a live region. */
const ANNOUNCE_EVERY_MS = 3000;
/** Errors longer than this are shown as they are: cleaning them is for traces, not for floods. */
const MAX_TRACE_CHARS = 50_000;
/** Errors cleaned per run; a program that prints errors in a loop gets the rest as plain text. */
const MAX_TRACES = 20;
/** The longest announced line: enough to read a prompt or a result, not a data dump. */
const ANNOUNCE_CHARS = 160;

export type OutputStream = QueuedStream;

export interface OutputPaneOptions {
  /** Says a sentence through the sandbox's polite live region (throttled here). */
  announce?: (text: string) => void;
  /** The sandbox's files: locations in errors become buttons only for these. */
  files?: () => FileTree;
  /** Opens a file at a line in the editor (a location button was pressed). */
  openLocation?: OpenLocation;
}

interface Block {
  element: HTMLElement;
  chars: number;
  lines: number;
  /** Ends with a line end: the next text may start a new block without breaking a line in two. */
  endsLine: boolean;
  /** Drawn whole (an error): text after it goes into a new block. */
  closed?: boolean;
}

export class OutputPane {
  private readonly queue = new OutputQueue(MAX_LOG_CHARS);
  private blocks: Block[] = [];
  private shownChars = 0;
  private marker: HTMLElement | undefined;
  private frame: number | undefined;
  private lastAnnounced = 0;
  private pendingAnnouncement: string | undefined;
  /**
   * Made when first needed: Chromium 156 loads its number data on the first Intl.NumberFormat of a page,
   * 40–46 ms on this machine, which every lesson with a sandbox paid at load for a message few ever see.
   */
  private numberFormat: Intl.NumberFormat | undefined;
  private get number(): Intl.NumberFormat {
    return (this.numberFormat ??= new Intl.NumberFormat(sandboxUi.lang));
  }
  private readonly announce: (text: string) => void;
  private traces = 0;

  /** @param log the `[data-output]` element */
  private readonly log: HTMLElement;
  private readonly options: OutputPaneOptions = {};

  constructor(
    log: HTMLElement,
    options: OutputPaneOptions = {}) {
    this.log = log;
    this.options = options;
    this.announce = options.announce ?? (() => {});
    // A live region that repeats every printed line floods a screen reader; lines are announced throttled instead.
    log.setAttribute('aria-live', 'off');
    log.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLElement>('.out-location');
      const location = button && locationOf(button);
      if (location) options.openLocation?.(location);
    });
  }

  clear(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.queue.clear();
    this.blocks = [];
    this.shownChars = 0;
    this.marker = undefined;
    this.pendingAnnouncement = undefined;
    this.traces = 0;
    this.log.replaceChildren();
  }

  append(stream: OutputStream, text: string, tone?: string): void {
    this.queue.push({ stream, text, ...(tone ? { tone } : {}) });
    this.frame ??= requestAnimationFrame(() => this.draw());
  }

  /** True once everything appended so far is on screen. */
  get drawn(): boolean {
    return this.queue.isEmpty;
  }

  private draw(): void {
    const started = performance.now();
    this.frame = undefined;
    const log = this.log;
    // Read before writing, so the only layout this frame forces is the one after the new text.
    const follow = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    log.querySelector('.sandbox-log-placeholder')?.remove();
    for (const piece of this.queue.take(FRAME_CHARS)) {
      if (piece.stream === 'exit') this.drawExit(piece);
      else this.drawText(piece);
    }
    this.trim();
    this.drawMarker();
    if (follow) log.scrollTop = log.scrollHeight;
    this.flushAnnouncement();
    if (!this.queue.isEmpty) this.frame ??= requestAnimationFrame(() => this.draw());
    // Slow frames show in the browser's performance panel (User Timing), and the flood test reads them.
    if (performance.now() - started > SLOW_DRAW_MS) performance.measure('sandbox-output-draw', { start: started });
  }

  private drawExit(piece: OutputPiece): void {
    const line = document.createElement('p');
    line.className = 'out-exit';
    line.dataset.stream = 'exit';
    if (piece.tone) line.dataset.tone = piece.tone;
    line.textContent = piece.text;
    this.log.append(line);
    this.shownChars += piece.text.length;
    // The exit line always reaches the screen reader, at once.
    this.pendingAnnouncement = undefined;
    this.lastAnnounced = performance.now();
    this.announce(piece.text);
  }

  private drawText(piece: OutputPiece): void {
    const files = this.options.files?.();
    if (files && piece.stream === 'stderr' && piece.text.length < MAX_TRACE_CHARS && this.traces < MAX_TRACES && looksLikeTrace(piece.text)) {
      this.traces += 1;
      this.drawBlock(traceBlock(piece.text, files), piece.text);
      return;
    }
    let text = piece.text;
    while (text.length > 0) {
      let block = this.blocks[this.blocks.length - 1];
      if (!block || block.closed || this.log.lastElementChild !== block.element || (block.chars >= BLOCK_CHARS && block.endsLine) || block.chars >= 2 * BLOCK_CHARS) {
        block = this.openBlock();
      }
      const segment = text.slice(0, segmentLength(text, BLOCK_CHARS - block.chars, 2 * BLOCK_CHARS - block.chars));
      text = text.slice(segment.length);
      appendToBlock(block.element, piece, segment);
      block.chars += segment.length;
      block.lines += countLines(segment);
      block.endsLine = segment.endsWith('\n');
      this.shownChars += segment.length;
    }
    if (piece.stream !== 'system') {
      const lines = piece.text.trimEnd().split('\n');
      const last = lines[lines.length - 1]?.trim();
      if (last) this.pendingAnnouncement = last.length > ANNOUNCE_CHARS ? `${last.slice(0, ANNOUNCE_CHARS)}…` : last;
    }
  }

  /** A block drawn whole (an error); text after it starts a new block. */
  private drawBlock(element: HTMLElement, text: string): void {
    this.log.append(element);
    this.blocks.push({ element, chars: text.length, lines: countLines(text), endsLine: true, closed: true });
    this.shownChars += text.length;
  }

  private openBlock(): Block {
    const element = document.createElement('div');
    element.className = 'out-block';
    this.log.append(element);
    const block: Block = { element, chars: 0, lines: 0, endsLine: true };
    this.blocks.push(block);
    return block;
  }

  /** Removes whole blocks from the front until the pane is within MAX_LOG_CHARS, counting what went. */
  private trim(): void {
    let removed = 0;
    while (this.shownChars > MAX_LOG_CHARS && this.blocks.length - removed > 1) {
      const block = this.blocks[removed]!;
      block.element.remove();
      this.shownChars -= block.chars;
      this.queue.countDroppedSpan(block.chars, block.lines);
      removed += 1;
    }
    if (removed > 0) this.blocks = this.blocks.slice(removed);
  }

  private drawMarker(): void {
    const dropped = this.queue.dropped;
    if (dropped.chars === 0) return;
    if (!this.marker) {
      this.marker = document.createElement('p');
      this.marker.className = 'out-system';
      this.marker.dataset.truncated = '';
      this.log.prepend(this.marker);
    }
    this.marker.dataset.droppedChars = String(dropped.chars);
    this.marker.textContent = uiText('output.truncated', {
      chars: this.number.format(dropped.chars),
      lines: this.number.format(dropped.lines),
      kept: this.number.format(MAX_LOG_CHARS),
    });
  }

  private flushAnnouncement(): void {
    if (this.pendingAnnouncement === undefined) return;
    const now = performance.now();
    if (now - this.lastAnnounced < ANNOUNCE_EVERY_MS) {
      // Said on a later frame; make sure there is one even if the program has gone quiet.
      this.frame ??= requestAnimationFrame(() => this.draw());
      return;
    }
    this.lastAnnounced = now;
    this.announce(uiText('output.progress', { line: this.pendingAnnouncement }));
    this.pendingAnnouncement = undefined;
  }
}

/** How much of `text` goes into a block with `room` characters left before it may close (`hardRoom` at most). */
function segmentLength(text: string, room: number, hardRoom: number): number {
  if (text.length <= Math.max(room, 0)) return text.length;
  // Keep whole lines together: run on to the first line end past the room, but never past hardRoom.
  const lineEnd = text.indexOf('\n', Math.max(room, 1) - 1);
  const end = lineEnd === -1 ? text.length : lineEnd + 1;
  return Math.max(1, Math.min(end, hardRoom));
}

/** Appends to the block's last span when it is the same stream, else starts a span; no text is re-parsed. */
function appendToBlock(block: HTMLElement, piece: OutputPiece, text: string): void {
  const last = block.lastElementChild as HTMLElement | null;
  if (last && last.dataset.stream === piece.stream && last.dataset.tone === piece.tone && last.firstChild instanceof Text) {
    last.firstChild.appendData(text);
    return;
  }
  const span = document.createElement('span');
  span.className = `out-${piece.stream}`;
  span.dataset.stream = piece.stream;
  if (piece.tone) span.dataset.tone = piece.tone;
  span.textContent = text;
  block.append(span);
}
