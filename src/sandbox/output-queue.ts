/**
 * The text waiting to be drawn in the Run output pane, kept apart from the DOM so a flood costs the
 * page bounded work: the queue never holds more than the pane can show (older text is dropped and
 * counted as it arrives), and each animation frame takes at most a fixed amount of it.
 */

export type QueuedStream = 'stdout' | 'stderr' | 'system' | 'exit';

export interface OutputPiece {
  stream: QueuedStream;
  text: string;
  tone?: string;
}

/** What was removed from the front of the output so far: shown to the learner in the pane's marker. */
export interface DroppedOutput {
  chars: number;
  lines: number;
}

export class OutputQueue {
  private pieces: OutputPiece[] = [];
  /** Index of the first piece still queued; taken pieces before it are cut off in batches. */
  private head = 0;
  private queuedChars = 0;
  private droppedChars = 0;
  private droppedLines = 0;

  /** @param capacity the most characters worth keeping: anything older than that would be trimmed from the pane anyway. */
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.queuedChars;
  }

  get isEmpty(): boolean {
    return this.head === this.pieces.length;
  }

  push(piece: OutputPiece): void {
    if (piece.text === '') return;
    // Chunks stay separate (no string concatenation): dropping old output then mostly drops whole chunks.
    this.pieces.push({ ...piece });
    this.queuedChars += piece.text.length;
    this.dropOverflow();
  }

  /**
   * Takes up to `budget` characters from the front, splitting a chunk at a line end where one is near;
   * consecutive chunks of one stream come back joined, so the pane makes one DOM write per run of them.
   */
  take(budget: number): OutputPiece[] {
    const taken: OutputPiece[] = [];
    let parts: string[] = [];
    let current: OutputPiece | undefined;
    const add = (piece: OutputPiece, text: string): void => {
      if (current && current.stream === piece.stream && current.tone === piece.tone && piece.stream !== 'exit' && current.stream !== 'exit') {
        parts.push(text);
        return;
      }
      if (current) taken.push({ ...current, text: parts.join('') });
      current = piece;
      parts = [text];
    };
    let left = budget;
    while (left > 0 && this.head < this.pieces.length) {
      const piece = this.pieces[this.head]!;
      if (piece.text.length <= left || piece.stream === 'exit') {
        add(piece, piece.text);
        left -= piece.text.length;
        this.queuedChars -= piece.text.length;
        this.head += 1;
        continue;
      }
      const cut = splitPoint(piece.text, left);
      add(piece, piece.text.slice(0, cut));
      piece.text = piece.text.slice(cut);
      this.queuedChars -= cut;
      left = 0;
    }
    if (current) taken.push({ ...current, text: parts.join('') });
    this.compact();
    return taken;
  }

  /** Counts output removed by the pane itself (old lines trimmed from the DOM). */
  countDropped(text: string): void {
    this.droppedChars += text.length;
    this.droppedLines += countLines(text);
  }

  /** Counts `chars` characters holding `lines` line ends removed elsewhere (the pane knows both without the text). */
  countDroppedSpan(chars: number, lines: number): void {
    this.droppedChars += chars;
    this.droppedLines += lines;
  }

  get dropped(): DroppedOutput {
    return { chars: this.droppedChars, lines: this.droppedLines };
  }

  clear(): void {
    this.pieces = [];
    this.head = 0;
    this.queuedChars = 0;
    this.droppedChars = 0;
    this.droppedLines = 0;
  }

  /** Keeps the queue within capacity by dropping its oldest text; the exit line is never dropped. */
  private dropOverflow(): void {
    while (this.queuedChars > this.capacity && this.head < this.pieces.length) {
      const first = this.pieces[this.head]!;
      if (first.stream === 'exit') break;
      const excess = this.queuedChars - this.capacity;
      if (first.text.length <= excess) {
        this.countDropped(first.text);
        this.queuedChars -= first.text.length;
        this.head += 1;
      } else {
        // Cut at the next line end after the excess, so the pane starts on a whole line.
        const lineEnd = first.text.indexOf('\n', excess - 1);
        const cut = lineEnd === -1 || lineEnd + 1 >= first.text.length ? excess : lineEnd + 1;
        this.countDropped(first.text.slice(0, cut));
        first.text = first.text.slice(cut);
        this.queuedChars -= cut;
      }
    }
    this.compact();
  }

  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.pieces.length) {
      this.pieces = this.pieces.slice(this.head);
      this.head = 0;
    }
  }
}

/** Where to cut `text` to take at most `budget` characters: after the last line end within the budget if there is one. */
function splitPoint(text: string, budget: number): number {
  const lineEnd = text.lastIndexOf('\n', budget - 1);
  return lineEnd > budget / 2 ? lineEnd + 1 : budget;
}

export function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
