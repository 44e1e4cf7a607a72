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
  // TODO: a 1-byte body → 1002; a status code for which isValidCloseCode is false → 1002; a reason (the bytes
  //       after the code) that is not valid UTF-8 (isUtf8 from node:buffer) → 1007. Otherwise undefined.
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

    // TODO: fail with 1002 (return this.#fail(1002, '…')) when
    //   - any of RSV1–3 (0x70 of the first byte) is set: no extension was negotiated;
    //   - the opcode is reserved (isKnownOpcode);
    //   - a control frame (isControl) has FIN unset, or a length above 125;
    //   - the MASK bit is wrong for our role: a server gets only masked frames, a client only unmasked ones;
    //   - a continuation frame arrives with no fragmented message in progress (this.#message), or a text or
    //     binary frame arrives while one is.

    // TODO: length7 126 means "the length is the next 2 bytes", 127 "the next 8 bytes" (big-endian, most
    //       significant bit 0, else 1002). With MASK set the 4-byte masking key follows the length: return it
    //       as maskKey. Wait (return undefined) until the whole header has arrived.
    // TODO: a text, binary or continuation frame that would take the message (this.#message?.bytes so far
    //       plus this payload) past this.#options.maxMessageBytes → 1009, before its payload arrives.
    const headerLength = 2;
    this.#bytes.take(headerLength);
    return { fin, opcode, maskKey: undefined, payloadLength: length7 };
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
    // TODO: a text message must be valid UTF-8 as a whole (one character may be split across two frames):
    //       fail with 1007 if it is not, and deliver nothing.
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
