import * as grpc from '@grpc/grpc-js';
import type { NoteStore } from './note-store.ts';
import { NotesClientConstructor } from './notes-proto.ts';
import type { NotesHandlers } from './notes-proto.ts';

/** A gRPC server for the Notes service of notes.proto, backed by `store`. It is not listening yet. */
export function createNotesServer(store: NoteStore): grpc.Server {
  const handlers: NotesHandlers = {
    getNote(call, callback) {
      const { seq } = call.request;
      if (!Number.isInteger(seq) || seq < 1) {
        return callback({ code: grpc.status.INVALID_ARGUMENT, details: `seq must be 1 or more, got ${seq}` });
      }
      const note = store.get(seq);
      if (!note) return callback({ code: grpc.status.NOT_FOUND, details: `there is no note ${seq}` });
      callback(null, note);
    },

    watchNotes(call) {
      // Replay and subscribe in one synchronous step: no note can be added in between, so none is lost
      // and none is sent twice.
      for (const note of store.after(call.request.afterSeq)) call.write(note);
      const unsubscribe = store.subscribe((note) => call.write(note));
      // A client that cancels, disconnects or runs past its deadline never says goodbye in a message:
      // grpc-js reports all three as 'cancelled'. Without this, every past watcher stays subscribed.
      call.on('cancelled', unsubscribe);
    },

    addNotes(call, callback) {
      const author = call.metadata.get('x-user')[0];
      if (typeof author !== 'string' || author.trim() === '') {
        return callback({ code: grpc.status.UNAUTHENTICATED, details: 'send your name in the "x-user" metadata' });
      }
      const texts: string[] = [];
      let answered = false;
      call.on('data', ({ text }: { text: string }) => {
        if (answered) return;
        if (text.trim() === '') {
          answered = true;
          callback({ code: grpc.status.INVALID_ARGUMENT, details: `note ${texts.length + 1} is blank; nothing was stored` });
          return;
        }
        texts.push(text);
      });
      // Only 'end' means the client has sent everything; answering earlier would count a part of it.
      call.on('end', () => {
        if (answered) return;
        answered = true;
        const stored = texts.map((text) => store.add(author, text));
        callback(null, { added: stored.length, firstSeq: stored[0]?.seq ?? 0, lastSeq: stored.at(-1)?.seq ?? 0 });
      });
    },

    countWords(call) {
      let failed = false;
      call.on('data', ({ word }: { word: string }) => {
        if (failed) return;
        if (word.trim() === '') {
          failed = true;
          call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'a word cannot be blank' });
          return;
        }
        call.write({ word, notes: store.countContaining(word) });
      });
      // The client has half-closed: it sends nothing more. Ending our side sends the trailers with status OK.
      call.on('end', () => {
        if (!failed) call.end();
      });
    },
  };

  const server = new grpc.Server();
  server.addService(NotesClientConstructor.service, handlers);
  return server;
}

/** Starts a Notes server on 127.0.0.1 and a free port (0), and resolves with the port it got. */
export function listenNotes(server: grpc.Server, address = '127.0.0.1:0'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}
