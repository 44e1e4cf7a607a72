// Loads prices.proto at run time and types its messages: camelCase field names (after_seq → afterSeq),
// 64-bit integers as JavaScript numbers, proto3 defaults for missing fields.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Tick } from './tick-log.ts';

export type { Tick };
export const PROTO_FILE = fileURLToPath(new URL('./prices.proto', import.meta.url));
const packageDefinition = protoLoader.loadSync(PROTO_FILE, { longs: Number, defaults: true });
const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as { prices: { v1: { PriceFeed: grpc.ServiceClientConstructor } } };

/** The generated client class; `.service` is the service definition a server registers. */
export const PriceFeedClientConstructor = loaded.prices.v1.PriceFeed;

export interface SubscribeRequest { afterSeq: number }

export interface PriceFeedHandlers extends grpc.UntypedServiceImplementation {
  subscribe: grpc.handleServerStreamingCall<SubscribeRequest, Tick>;
}

export interface PriceFeedClient extends grpc.Client {
  subscribe(request: SubscribeRequest, metadata?: grpc.Metadata, options?: Partial<grpc.CallOptions>): grpc.ClientReadableStream<Tick>;
}

/** A client for the server at `address` ("127.0.0.1:50051"), without TLS: fine on one machine only. */
export function connectPriceFeed(address: string): PriceFeedClient {
  return new PriceFeedClientConstructor(address, grpc.credentials.createInsecure()) as unknown as PriceFeedClient;
}
