// Every transport the lab compares, in the order of the course: from request/response to brokers.
// Loaded on demand, so a server process imports only the libraries of its own transport.
import type { Transport } from './types.ts';

const LOADERS = {
  polling: async () => (await import('./polling.ts')).polling,
  'long-polling': async () => (await import('./long-polling.ts')).longPolling,
  'http-streaming': async () => (await import('./http-streaming.ts')).httpStreaming,
  sse: async () => (await import('./sse.ts')).sse,
  websocket: async () => (await import('./websocket.ts')).websocket,
  grpc: async () => (await import('./grpc.ts')).grpcStreaming,
  mqtt: async () => (await import('./mqtt.ts')).mqttBroker,
} satisfies Record<string, () => Promise<Transport>>;

export type TransportKey = keyof typeof LOADERS;
export const TRANSPORT_KEYS = Object.keys(LOADERS) as TransportKey[];

export function isTransportKey(key: string): key is TransportKey {
  return Object.hasOwn(LOADERS, key);
}

export function loadTransport(key: TransportKey): Promise<Transport> {
  return LOADERS[key]();
}
