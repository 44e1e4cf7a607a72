// gRPC server streaming with @grpc/grpc-js: one call per client over HTTP/2, Protocol Buffers on the wire.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Transport, Update } from './types.ts';

// keepCase: false turns sent_at into sentAt; longs and defaults as plain numbers and values.
const definition = protoLoader.loadSync(fileURLToPath(new URL('./feed.proto', import.meta.url)), { defaults: true });
const lab = grpc.loadPackageDefinition(definition).lab as grpc.GrpcObject;
const Feed = lab.Feed as grpc.ServiceClientConstructor;

export const grpcStreaming: Transport = {
  name: 'gRPC stream',

  async startServer(hooks) {
    const calls = new Set<grpc.ServerWritableStream<unknown, Update>>();
    const server = new grpc.Server();
    server.addService(Feed.service, {
      follow(call: grpc.ServerWritableStream<unknown, Update>) {
        hooks.onRequest(); // one HTTP/2 stream (a POST) per call
        calls.add(call);
        call.sendMetadata(new grpc.Metadata()); // response headers now, so the client knows it is subscribed
        call.on('cancelled', () => calls.delete(call));
        call.on('close', () => calls.delete(call));
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    return {
      port,
      publish(update) {
        for (const call of calls) call.write(update);
      },
      subscribers: () => calls.size,
      close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())).then(() => server.forceShutdown()),
    };
  },

  async connectClient(port, clientId, onUpdate) {
    // A subchannel pool of its own: otherwise grpc-js shares one HTTP/2 connection among all clients of
    // this process, which is right for one service calling another, but not what separate users do.
    const client = new Feed(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
    // The generated client has a method per RPC; its type is only known at run time, from feed.proto.
    const call = (client as unknown as { follow(request: object): grpc.ClientReadableStream<Update> }).follow({ clientId });
    call.on('data', (update: Update) => onUpdate(update));
    call.on('error', () => {}); // CANCELLED when we close it
    // The call is in place once the server's response headers arrive.
    await new Promise<void>((resolve) => call.once('metadata', () => resolve()));
    return {
      async close() {
        call.cancel();
        client.close();
      },
    };
  },
};
