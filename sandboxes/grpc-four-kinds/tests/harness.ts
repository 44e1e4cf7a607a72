// Shared by the specs: a real Notes server from ../server.ts on 127.0.0.1 and a free port, real
// @grpc/grpc-js clients, and small helpers that turn calls into promises with deadlines of their own.
import * as grpc from '@grpc/grpc-js';
import { NoteStore } from '../note-store.ts';
import { connectNotes } from '../notes-proto.ts';
import type { AddNoteRequest, AddNotesReply, Note, NotesClient } from '../notes-proto.ts';
import { createNotesServer, listenNotes } from '../server.ts';

export interface Running {
  store: NoteStore;
  port: number;
  client: NotesClient;
}

const servers: grpc.Server[] = [];
const clients: grpc.Client[] = [];

/** A store with `notes` (written by "ana"), a server for it, and a client. */
export async function start(notes: string[] = []): Promise<Running> {
  const store = new NoteStore();
  for (const text of notes) store.add('ana', text);
  const server = createNotesServer(store);
  servers.push(server);
  const port = await listenNotes(server);
  const client = connectNotes(`127.0.0.1:${port}`);
  clients.push(client);
  return { store, port, client };
}

/** A second client of the same server, with its own connection. */
export function anotherClient(port: number): NotesClient {
  const client = connectNotes(`127.0.0.1:${port}`);
  clients.push(client);
  return client;
}

export function stopEverything(): void {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) server.forceShutdown();
}

/** "NOT_FOUND (5)" for 5: the names a learner looks up in the status code table. */
export const statusName = (code: number | undefined): string => `${grpc.status[code ?? grpc.status.OK] ?? 'unknown'} (${code ?? grpc.status.OK})`;

export type Outcome<T> = { value: T; error?: undefined } | { value?: undefined; error: grpc.ServiceError };

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with `explanation` if `promise` has not settled within `ms`, so a hung call fails fast and says why. */
export function within<T>(promise: Promise<T>, ms: number, explanation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(explanation)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Polls `condition` every 5 ms until it holds, or fails with `explanation()` after `ms`. */
export async function waitFor(condition: () => boolean, ms: number, explanation: () => string): Promise<void> {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(explanation());
    await sleep(5);
  }
}

/** GetNote with a one-second deadline. */
export function getNote(client: NotesClient, seq: number): Promise<Outcome<Note>> {
  return new Promise((resolve) => {
    client.getNote({ seq }, new grpc.Metadata(), { deadline: Date.now() + 1000 }, (error, note) => resolve(error ? { error } : { value: note as Note }));
  });
}

/** AddNotes: sends `texts` as separate messages, half-closes, and waits for the one answer. */
export function addNotes(client: NotesClient, texts: string[], user?: string): Promise<Outcome<AddNotesReply>> {
  const metadata = new grpc.Metadata();
  if (user !== undefined) metadata.set('x-user', user);
  return new Promise((resolve) => {
    const call = client.addNotes(metadata, { deadline: Date.now() + 1000 }, (error, reply) => resolve(error ? { error } : { value: reply as AddNotesReply }));
    call.on('error', () => {}); // the callback reports it
    for (const text of texts) call.write({ text } satisfies AddNoteRequest);
    call.end();
  });
}

/** Everything a readable call delivers, and how it ended. */
export interface Watched<T> {
  items: T[];
  /** The call's final status (OK too), once the trailers have arrived. */
  status?: grpc.StatusObject;
}

export function watch<T>(stream: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<unknown, T>): Watched<T> {
  const seen: Watched<T> = { items: [] };
  stream.on('data', (item: T) => seen.items.push(item));
  stream.on('error', () => {}); // reported through `status`
  stream.on('status', (status: grpc.StatusObject) => (seen.status = status));
  return seen;
}

/**
 * Waits until `seen` holds at least `count` items. Fails at once, with `explanation()` and the status,
 * if the call ends before that, so a call that fails does not make the learner wait out the timer.
 */
export async function waitForItems<T>(seen: Watched<T>, count: number, ms: number, explanation: () => string): Promise<void> {
  const ended = () => (seen.status ? ` The call already ended with ${statusName(seen.status.code)}: ${seen.status.details}` : '');
  await waitFor(() => seen.items.length >= count || seen.status !== undefined, ms, () => explanation() + ended());
  await sleep(0);
  if (seen.items.length < count) throw new Error(explanation() + ended());
}
