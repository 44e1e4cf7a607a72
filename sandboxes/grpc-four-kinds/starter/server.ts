import * as grpc from '@grpc/grpc-js';
import type { NoteStore } from './note-store.ts';
import { NotesClientConstructor } from './notes-proto.ts';
import type { NotesHandlers } from './notes-proto.ts';

/** A status for a handler you have not written yet; the client sees code 12 UNIMPLEMENTED. */
const todo = (method: string) => ({ code: grpc.status.UNIMPLEMENTED, details: `${method} is not written yet (server.ts)` });

/** A gRPC server for the Notes service of notes.proto, backed by `store`. It is not listening yet. */
export function createNotesServer(store: NoteStore): grpc.Server {
  const handlers: NotesHandlers = {
    getNote(call, callback) {
      // TODO: answer with the note whose seq is call.request.seq (store.get). A seq below 1 is the
      //       caller's mistake: INVALID_ARGUMENT. A seq the store does not have: NOT_FOUND. Errors go as
      //       callback({ code: grpc.status.X, details: 'what went wrong' }); success as callback(null, note).
      callback(todo('GetNote'));
    },

    watchNotes(call) {
      // TODO: write every stored note after call.request.afterSeq (store.after), oldest first, then each
      //       new note as it is added (store.subscribe), with call.write(note). Do both in the same
      //       synchronous step so no note is missed or sent twice. The call never ends by itself: when the
      //       client cancels, or its deadline passes, grpc-js emits 'cancelled' on the call. Unsubscribe then.
      call.emit('error', todo('WatchNotes'));
    },

    addNotes(call, callback) {
      // TODO: the author is the "x-user" metadata of the call (call.metadata.get('x-user')[0]); without a
      //       non-empty one, answer UNAUTHENTICATED. Collect the texts of the 'data' events. A blank text
      //       makes the whole call INVALID_ARGUMENT and stores nothing. On 'end' (the client has finished
      //       sending), store them all (store.add) and answer { added, firstSeq, lastSeq } (0s when none).
      //       Answer exactly once.
      callback(todo('AddNotes'));
    },

    countWords(call) {
      // TODO: for every { word } the client sends, write { word, notes: store.countContaining(word) }, in
      //       the order the words came. A blank word ends the call with INVALID_ARGUMENT
      //       (call.emit('error', { code, details })). When the client ends its side ('end'), end yours
      //       (call.end()), so the call completes with status OK.
      call.emit('error', todo('CountWords'));
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
