/**
 * Decodes both directions of one TCP connection, as seen from one end. It sniffs the protocol from the
 * first client bytes (HTTP/2 preface, MQTT CONNECT, an HTTP/1 request line), hands each direction to
 * the matching decoder, and follows an HTTP/1 Upgrade to WebSocket when the server answers 101.
 * Server bytes that arrive before the client spoke (an HTTP/2 server's SETTINGS) wait, bounded.
 *
 * `push` never throws: whatever a decoder cannot read is counted by the capture layer, not decoded.
 */
import type { WireProtocol } from '../trace-events.ts';
import { concat, copyBytes, latin1 } from './bytes.ts';
import type { DecodedTraffic, StreamDecoder } from './decoded.ts';
import { Http1Decoder, header } from './http1.ts';
import { CLIENT_PREFACE, Http2Decoder } from './http2.ts';
import { MqttDecoder, type MqttSession } from './mqtt.ts';
import { WebSocketDecoder } from './websocket.ts';

const MAX_WAITING = 64 * 1024;
const HTTP_METHOD = /^[A-Z]{3,10} /;

export type Direction = 'out' | 'in';
export type DirectedTraffic = DecodedTraffic & { dir: Direction };

export class ConnectionDecoder {
  protocol: WireProtocol = 'unknown';
  private toServer: StreamDecoder | undefined;
  private toClient: StreamDecoder | undefined;
  private http: { request: Http1Decoder; response: Http1Decoder } | undefined;
  private waitingServerBytes: Uint8Array[] = [];
  private waitingLength = 0;
  private sniffed: Uint8Array[] = [];
  private opaque = false;
  /** A final response arrived while the request direction held bytes after an Upgrade request. */
  private refusedUpgrade = false;

  /** @param role which end of the connection this process is ('client' sends requests as 'out'). */
  private readonly role: 'client' | 'server';

  constructor(role: 'client' | 'server') {
    this.role = role;
  }

  push(dir: Direction, bytes: Uint8Array): DirectedTraffic[] {
    try {
      return this.route(dir, bytes);
    } catch {
      this.opaque = true;
      return [];
    }
  }

  private route(dir: Direction, bytes: Uint8Array): DirectedTraffic[] {
    if (this.opaque || bytes.length === 0) return [];
    const fromClient = (dir === 'out') === (this.role === 'client');
    const serverDir: Direction = this.role === 'client' ? 'in' : 'out';
    const clientDir: Direction = serverDir === 'in' ? 'out' : 'in';
    if (this.toServer === undefined) {
      if (!fromClient) {
        this.waitingServerBytes.push(copyBytes(bytes));
        this.waitingLength += bytes.length;
        if (this.waitingLength > MAX_WAITING) this.opaque = true;
        return [];
      }
      this.sniffed.push(copyBytes(bytes));
      const first = concat(this.sniffed);
      const kind = sniff(first);
      if (kind === 'more') return [];
      this.sniffed = [];
      if (kind === 'unknown') {
        this.opaque = true;
        return [];
      }
      this.start(kind);
      const out = this.tag(clientDir, (this.toServer as StreamDecoder | undefined)?.push(first) ?? []);
      const waiting = concat(this.waitingServerBytes);
      this.waitingServerBytes = [];
      if (waiting.length) out.push(...this.tag(serverDir, this.toClient?.push(waiting) ?? []), ...this.afterHttp(serverDir, clientDir));
      return out;
    }
    const decoder = fromClient ? this.toServer : this.toClient;
    const out = this.tag(fromClient ? clientDir : serverDir, decoder?.push(bytes) ?? []);
    out.push(...this.afterHttp(serverDir, clientDir));
    return out;
  }

  private start(kind: 'http1' | 'http2' | 'mqtt'): void {
    this.protocol = kind;
    if (kind === 'http2') {
      this.toServer = new Http2Decoder(true);
      this.toClient = new Http2Decoder(false);
      return;
    }
    if (kind === 'mqtt') {
      const session: MqttSession = { level: 4 };
      this.toServer = new MqttDecoder(session);
      this.toClient = new MqttDecoder(session);
      return;
    }
    const methods: string[] = [];
    const request = new Http1Decoder('request', undefined, (head) => head.method && methods.push(head.method));
    const response = new Http1Decoder('response', () => methods.shift(), (head) => {
      if (/^text\/event-stream/i.test(header(head.headers, 'content-type') ?? '')) this.protocol = 'sse';
      if (head.status !== undefined && head.status >= 200 && request.isHeld) this.refusedUpgrade = true;
    });
    this.http = { request, response };
    this.toServer = request;
    this.toClient = response;
  }

  /** After HTTP/1 bytes: follow a protocol switch, or release request bytes held for a refused Upgrade. */
  private afterHttp(serverDir: Direction, clientDir: Direction): DirectedTraffic[] {
    const http = this.http;
    if (!http) return [];
    const { request, response } = http;
    if (response.switched) {
      this.http = undefined;
      const websocket = request.upgradeRequested;
      this.protocol = websocket ? 'websocket' : 'unknown';
      if (!websocket) {
        this.opaque = true; // h2c or another upgrade: not decoded
        return [];
      }
      this.toServer = new WebSocketDecoder();
      this.toClient = new WebSocketDecoder();
      const fromClient = concat(request.held);
      const fromServer = concat(response.held);
      return [...this.tag(clientDir, this.toServer.push(fromClient)), ...this.tag(serverDir, this.toClient.push(fromServer))];
    }
    // A final response to an Upgrade request that did not switch: the held bytes are HTTP again.
    if (this.refusedUpgrade) {
      this.refusedUpgrade = false;
      request.upgradeRequested = false;
      return this.tag(clientDir, request.release(false));
    }
    return [];
  }

  private tag(dir: Direction, events: DecodedTraffic[]): DirectedTraffic[] {
    return events.map((event) => Object.assign(event, { dir }));
  }
}

/** The protocol from the first bytes the client sent, or 'more' when they do not tell yet. */
export function sniff(bytes: Uint8Array): 'http1' | 'http2' | 'mqtt' | 'unknown' | 'more' {
  const text = latin1(bytes.subarray(0, CLIENT_PREFACE.length));
  if (CLIENT_PREFACE.startsWith(text)) return text.length === CLIENT_PREFACE.length ? 'http2' : 'more';
  if (bytes[0] === 0x10) {
    // MQTT CONNECT: remaining length (1-4 bytes), then the protocol name "MQTT" or "MQIsdp".
    const body = latin1(bytes.subarray(1, 16));
    if (/^[\x80-\xff]{0,3}[\x00-\x7f]\x00(\x04MQTT|\x06MQIsdp)/.test(body)) return 'mqtt';
    return bytes.length < 14 ? 'more' : 'unknown';
  }
  if (HTTP_METHOD.test(text)) return 'http1';
  if (/^[A-Z]{0,10}$/.test(text)) return 'more';
  return 'unknown';
}
