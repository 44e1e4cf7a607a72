import { isUtf8 } from 'node:buffer';
import { ByteQueue } from './byte-queue.ts';
import { applyMask, isControl, isKnownOpcode, MAX_CONTROL_PAYLOAD, Opcode } from './frame.ts';

export interface Frame {
  fin: boolean;
  opcode: number;
  /** Already unmasked. */
  payload: Buffer;
}

export interface Message {
  type: 'text' | 'binary';
  /** The payloads of all the message's frames, joined; for text, valid UTF-8. */
  data: Buffer;
}

/** Why the connection must be failed, with the status code to put in our close frame (RFC 6455 §7.4.1). */
export interface ProtocolError {
  code: 1002 | 1007 | 1009;
  reason: string;
}

export interface DecoderOptions {
  /** 'server' decodes what a client sends (every frame masked); 'client' what a server sends (none masked). */
  role: 'server' | 'client';
  /** The largest message accepted, all fragments together; a bigger one fails with 1009. */
  maxMessageBytes: number;
}

export interface DecoderEvents {
  /** Every valid frame, control frames and fragments included. */
  onFrame(frame: Frame): void;
  /** Every complete text or binary message. */
  onMessage(message: Message): void;
  /** At most once; after it the decoder ignores all input. */
  onError(error: ProtocolError): void;
}

interface PartialMessage {
  type: Message['type'];
  parts: Buffer[];
  bytes: number;
}

interface Header {
  fin: boolean;
  opcode: number;
  maskKey: Buffer | undefined;
  payloadLength: number;
}

/** Close codes a peer may send (§7.4.1, §7.4.2 and the IANA registry); 1005, 1006 and 1015 are for reports only. */
const isValidCloseCode = (code: number): boolean => (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999);

/** A close body is empty, or a 2-byte status code followed by a UTF-8 reason (§5.5.1). */
export function closeBodyProblem(body: Buffer): ProtocolError | undefined {
  if (body.length === 0) return undefined;
  if (body.length === 1) return { code: 1002, reason: 'A close frame body cannot be 1 byte long.' };
  const code = body.readUInt16BE(0);
  if (!isValidCloseCode(code)) return { code: 1002, reason: `Close code ${code} may not be sent.` };
  if (!isUtf8(body.subarray(2))) return { code: 1007, reason: 'The close reason is not valid UTF-8.' };
  return undefined;
}

/** Turns bytes that arrive in chunks of any size into frames and messages, or the first protocol error. */
export class FrameDecoder {
  readonly #options: DecoderOptions;
  readonly #events: DecoderEvents;
  readonly #bytes = new ByteQueue();
  /** The header of the frame whose payload has not fully arrived yet. */
  #header: Header | undefined;
  /** The fragmented message in progress: between its first frame and the one with FIN set. */
  #message: PartialMessage | undefined;
  #failed = false;

  constructor(options: DecoderOptions, events: DecoderEvents) {
    this.#options = options;
    this.#events = events;
  }

  push(chunk: Buffer): void {
    if (this.#failed || chunk.length === 0) return;
    this.#bytes.push(chunk);
    while (!this.#failed) {
      this.#header ??= this.#readHeader();
      if (this.#header === undefined || this.#bytes.length < this.#header.payloadLength) return;
      const { fin, opcode, maskKey, payloadLength } = this.#header;
      this.#header = undefined;
      const raw = this.#bytes.take(payloadLength);
      this.#deliver({ fin, opcode, payload: maskKey ? applyMask(raw, maskKey) : raw });
    }
  }

  /**
   * Parses a header once its 2–14 bytes are here (§5.2). Everything that can be judged from the header is
   * judged before the payload arrives, so a peer announcing 2^40 bytes is stopped before it sends them.
   */
  #readHeader(): Header | undefined {
    if (this.#bytes.length < 2) return undefined;
    const first = this.#bytes.peek(2);
    const b0 = first[0] as number;
    const b1 = first[1] as number;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    const length7 = b1 & 0x7f;

    // No extension was negotiated, so nothing may give RSV1–3 a meaning (§5.2).
    if ((b0 & 0x70) !== 0) return this.#fail(1002, 'RSV bits are set, but no extension was negotiated.');
    if (isControl(opcode) && !fin) return this.#fail(1002, 'Control frames cannot be fragmented.');
    if (isControl(opcode) && length7 > MAX_CONTROL_PAYLOAD) return this.#fail(1002, 'Control frames carry at most 125 bytes.');
    // Clients mask every frame, servers none (§5.1); masking stops a page from choosing the bytes a proxy sees (§10.3).
    const mustBeMasked = this.#options.role === 'server';
    if (masked !== mustBeMasked) return this.#fail(1002, mustBeMasked ? 'Frames from a client must be masked.' : 'Frames from a server must not be masked.');
    if (opcode === Opcode.Continuation && this.#message === undefined) return this.#fail(1002, 'A continuation frame arrived with no message to continue.');
    if ((opcode === Opcode.Text || opcode === Opcode.Binary) && this.#message !== undefined) return this.#fail(1002, 'A new message started before the fragmented one ended.');

    const lengthBytes = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
    const headerLength = 2 + lengthBytes + (masked ? 4 : 0);
    if (this.#bytes.length < headerLength) return undefined;
    const header = this.#bytes.take(headerLength);
    let payloadLength = length7;
    if (lengthBytes === 2) payloadLength = header.readUInt16BE(2);
    if (lengthBytes === 8) {
      const high = header.readUInt32BE(2);
      if (high >= 0x8000_0000) return this.#fail(1002, 'The most significant bit of a 64-bit length must be 0.');
      payloadLength = high * 2 ** 32 + header.readUInt32BE(6);
    }
    // Senders must use the shortest length form, but §5.2 does not tell receivers to reject a longer one.
    if (!isControl(opcode) && (this.#message?.bytes ?? 0) + payloadLength > this.#options.maxMessageBytes) {
      return this.#fail(1009, `Messages are limited to ${this.#options.maxMessageBytes} bytes.`);
    }
    return { fin, opcode, maskKey: masked ? header.subarray(2 + lengthBytes) : undefined, payloadLength };
  }

  #deliver(frame: Frame): void {
    const closeProblem = frame.opcode === Opcode.Close ? closeBodyProblem(frame.payload) : undefined;
    if (closeProblem) {
      this.#fail(closeProblem.code, closeProblem.reason);
      return;
    }
    if (isControl(frame.opcode)) {
      // Control frames may arrive between the fragments of a message (§5.4); they do not touch it.
      this.#events.onFrame(frame);
      return;
    }
    if (frame.opcode !== Opcode.Continuation) this.#message = { type: frame.opcode === Opcode.Text ? 'text' : 'binary', parts: [], bytes: 0 };
    const message = this.#message as PartialMessage; // set: a continuation without a message failed in #readHeader
    message.parts.push(frame.payload);
    message.bytes += frame.payload.length;
    this.#events.onFrame(frame);
    if (!frame.fin) return;
    this.#message = undefined;
    const data = message.parts.length === 1 ? (message.parts[0] as Buffer) : Buffer.concat(message.parts, message.bytes);
    // UTF-8 is checked on the whole message: one character may be split across two fragments (§5.6, §8.1).
    if (message.type === 'text' && !isUtf8(data)) {
      this.#fail(1007, 'A text message is not valid UTF-8.');
      return;
    }
    this.#events.onMessage({ type: message.type, data });
  }

  #fail(code: ProtocolError['code'], reason: string): undefined {
    this.#failed = true;
    this.#bytes.clear();
    this.#message = undefined;
    this.#events.onError({ code, reason });
    return undefined;
  }
}
