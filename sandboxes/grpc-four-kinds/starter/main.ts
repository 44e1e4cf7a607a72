// Starts your Notes server and calls each of its four methods once with a real gRPC client, printing what
// comes back. Errors are printed as the client sees them: a status code and its details.
import * as grpc from '@grpc/grpc-js';
import { NoteStore } from './note-store.ts';
import { connectNotes } from './notes-proto.ts';
import type { AddNotesReply, Note } from './notes-proto.ts';
import { createNotesServer, listenNotes } from './server.ts';

const store = new NoteStore();
store.add('ana', 'Ship the gRPC lesson');
const server = createNotesServer(store);
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
const port = await listenNotes(server);
const client = connectNotes(`127.0.0.1:${port}`);
const statusText = (error: grpc.ServiceError) => `${grpc.status[error.code]} (${error.code}): ${error.details}`;

// Unary, with a deadline of one second.
for (const seq of [1, 0, 99]) {
  const answer = await new Promise<string>((resolve) => {
    client.getNote({ seq }, new grpc.Metadata(), { deadline: Date.now() + 1000 }, (error, note) => resolve(error ? statusText(error) : JSON.stringify(note)));
  });
  console.log(`GetNote ${seq} → ${answer}`);
}

// Server streaming: watch from the start, while a client stream (below) adds two notes.
const watch = client.watchNotes({ afterSeq: 0 });
watch.on('data', (note: Note) => console.log(`WatchNotes ← #${note.seq} by ${note.author}: ${note.text}`));
watch.on('error', (error: grpc.ServiceError) => console.log(`WatchNotes ended: ${statusText(error)}`));

// Client streaming, with the author in the metadata.
const metadata = new grpc.Metadata();
metadata.set('x-user', 'bo');
const added = await new Promise<string>((resolve) => {
  const upload = client.addNotes(metadata, {}, (error, reply?: AddNotesReply) => resolve(error ? statusText(error) : JSON.stringify(reply)));
  upload.write({ text: 'Read the HTTP/2 chapter' });
  upload.write({ text: 'Try a deadline of 100 ms' });
  upload.end(); // half-close: "I have sent everything"
});
console.log(`AddNotes → ${added}`);

// Bidirectional streaming: one answer per word, in order.
await new Promise<void>((resolve) => {
  const counting = client.countWords();
  counting.on('data', (reply: { word: string; notes: number }) => console.log(`CountWords ← "${reply.word}" is in ${reply.notes} note(s)`));
  counting.on('error', (error: grpc.ServiceError) => console.log(`CountWords ended: ${statusText(error)}`));
  counting.on('close', () => resolve());
  for (const word of ['grpc', 'the', 'deadline']) counting.write({ word });
  counting.end();
});

await new Promise((resolve) => setTimeout(resolve, 100));
watch.cancel(); // the server sees 'cancelled'
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(`Watchers left in the store after cancelling: ${store.watchers}`);
client.close();
server.forceShutdown();
