// The notes themselves, kept in memory. The gRPC service in server.ts is only a door to this store.

export interface StoredNote {
  seq: number;
  author: string;
  text: string;
}

export type NoteListener = (note: StoredNote) => void;

export class NoteStore {
  #notes: StoredNote[] = [];
  #listeners = new Set<NoteListener>();

  /** Stores a note with the next sequence number and tells every subscriber, synchronously. */
  add(author: string, text: string): StoredNote {
    const note = { seq: this.#notes.length + 1, author, text };
    this.#notes.push(note);
    for (const listener of [...this.#listeners]) listener(note);
    return note;
  }

  /** The note with this sequence number, or undefined. */
  get(seq: number): StoredNote | undefined {
    return Number.isInteger(seq) && seq >= 1 ? this.#notes[seq - 1] : undefined;
  }

  /** Every note with a sequence number greater than `seq`, oldest first. */
  after(seq: number): StoredNote[] {
    return this.#notes.slice(Math.max(0, seq));
  }

  /** How many notes contain `word`, ignoring case. */
  countContaining(word: string): number {
    const needle = word.toLowerCase();
    return this.#notes.filter((note) => note.text.toLowerCase().includes(needle)).length;
  }

  /** Calls `listener` with every note added from now on. Returns the function that stops it. */
  subscribe(listener: NoteListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How many subscriptions are active: a watch whose client has gone must not stay here. */
  get watchers(): number {
    return this.#listeners.size;
  }
}
