// Loads notes.proto at run time and gives its messages TypeScript types. Options: field names in
// camelCase (after_seq becomes afterSeq), 64-bit integers as JavaScript numbers, and missing fields filled
// with their defaults (0, "") exactly as proto3 decodes them.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PROTO_FILE = fileURLToPath(new URL('./notes.proto', import.meta.url));
export const packageDefinition = protoLoader.loadSync(PROTO_FILE, { longs: Number, defaults: true });
const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as { notes: { v1: { Notes: grpc.ServiceClientConstructor } } };

/** The generated client class; `NotesClient.service` is the service definition a server registers. */
export const NotesClientConstructor = loaded.notes.v1.Notes;

export interface Note { seq: number; author: string; text: string }
export interface GetNoteRequest { seq: number }
export interface WatchNotesRequest { afterSeq: number }
export interface AddNoteRequest { text: string }
export interface AddNotesReply { added: number; firstSeq: number; lastSeq: number }
export interface CountWordsRequest { word: string }
export interface CountWordsReply { word: string; notes: number }

/** What a server implements: one handler per rpc, named in camelCase. */
export interface NotesHandlers extends grpc.UntypedServiceImplementation {
  getNote: grpc.handleUnaryCall<GetNoteRequest, Note>;
  watchNotes: grpc.handleServerStreamingCall<WatchNotesRequest, Note>;
  addNotes: grpc.handleClientStreamingCall<AddNoteRequest, AddNotesReply>;
  countWords: grpc.handleBidiStreamingCall<CountWordsRequest, CountWordsReply>;
}

/** What a client can call (the generated client has these methods; TypeScript needs to be told). */
export interface NotesClient extends grpc.Client {
  getNote(request: GetNoteRequest, metadata: grpc.Metadata, options: Partial<grpc.CallOptions>, callback: grpc.requestCallback<Note>): grpc.ClientUnaryCall;
  watchNotes(request: WatchNotesRequest, metadata?: grpc.Metadata, options?: Partial<grpc.CallOptions>): grpc.ClientReadableStream<Note>;
  addNotes(metadata: grpc.Metadata, options: Partial<grpc.CallOptions>, callback: grpc.requestCallback<AddNotesReply>): grpc.ClientWritableStream<AddNoteRequest>;
  countWords(metadata?: grpc.Metadata, options?: Partial<grpc.CallOptions>): grpc.ClientDuplexStream<CountWordsRequest, CountWordsReply>;
}

/** A client for the server at `address` ("127.0.0.1:50051"), without TLS: fine on one machine only. */
export function connectNotes(address: string): NotesClient {
  return new NotesClientConstructor(address, grpc.credentials.createInsecure()) as unknown as NotesClient;
}
