/**
 * MQTT control packets for one direction (MQTT 3.1.1 §2.2 and MQTT 5 §2.1): fixed header (packet type,
 * flags, variable-length "remaining length"), plus for PUBLISH the topic, QoS and packet id, and for
 * the acknowledgement and SUBSCRIBE family the packet id. The protocol level from CONNECT decides
 * whether MQTT 5 properties sit between a PUBLISH's header and payload, for the payload preview.
 */
import { HeadKeeper, bestPreview } from './bytes.ts';
import type { DecodedTraffic } from './decoded.ts';

const TYPE_NAMES = ['RESERVED', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];
const KEEP = 1024;

export function mqttTypeName(type: number): string {
  return TYPE_NAMES[type] ?? 'RESERVED';
}

/** Shared by both directions of a connection: CONNECT (client → server) sets the protocol level. */
export interface MqttSession {
  level: number;
}

export class MqttDecoder {
  private header: number[] = [];
  private remaining = 0;
  private inBody = false;
  private length = 0;
  private body: HeadKeeper | undefined;
  private broken = false;

  private readonly session: MqttSession;

  constructor(session: MqttSession = { level: 4 }) {
    this.session = session;
  }

  push(bytes: Uint8Array): DecodedTraffic[] {
    const out: DecodedTraffic[] = [];
    let offset = 0;
    while (offset < bytes.length && !this.broken) {
      if (!this.inBody) {
        this.header.push(bytes[offset++] as number);
        const parsed = remainingLength(this.header);
        if (parsed === null) {
          this.broken = true; // more than 4 length bytes: not MQTT
          break;
        }
        if (parsed === undefined) continue;
        this.length = parsed;
        this.remaining = parsed;
        this.inBody = true;
        this.body = new HeadKeeper(KEEP);
      } else {
        const take = Math.min(this.remaining, bytes.length - offset);
        this.body?.add(bytes.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
      }
      if (this.inBody && this.remaining === 0) {
        out.push(this.packet(this.header[0] as number, this.body?.bytes() ?? new Uint8Array(0)));
        this.header = [];
        this.inBody = false;
      }
    }
    return out;
  }

  private packet(first: number, body: Uint8Array): DecodedTraffic {
    const type = first >> 4;
    const event: DecodedTraffic = { kind: 'mqtt-packet', packetType: type, typeName: mqttTypeName(type), length: this.length, head: body };
    const u16 = (at: number): number | undefined => (at + 1 < body.length ? ((body[at] as number) << 8) | (body[at + 1] as number) : undefined);
    if (type === 1) {
      // CONNECT: protocol name string, then the level byte.
      const nameLength = u16(0) ?? 0;
      const level = body[2 + nameLength];
      if (level !== undefined) this.session.level = level;
    } else if (type === 3) {
      const qos = (first >> 1) & 3;
      const topicLength = u16(0) ?? 0;
      event.qos = qos;
      event.topic = new TextDecoder().decode(body.subarray(2, 2 + topicLength));
      let at = 2 + topicLength;
      if (qos > 0) {
        const id = u16(at);
        if (id !== undefined) event.packetId = id;
        at += 2;
      }
      if (this.session.level >= 5) {
        const props = varint(body, at);
        if (props) at = props.next + props.value;
      }
      event.preview = bestPreview(body.subarray(at));
    } else if (type >= 4 && type <= 11) {
      const id = u16(0);
      if (id !== undefined) event.packetId = id;
      if (type === 8) event.qos = (first >> 1) & 3; // SUBSCRIBE's fixed-header flags are 0b0010
    }
    return event;
  }
}

/** Remaining length from the fixed header bytes so far: number, undefined (need more), null (invalid). */
function remainingLength(header: readonly number[]): number | undefined | null {
  if (header.length < 2) return undefined;
  const parsed = varint(Uint8Array.from(header), 1);
  if (parsed) return parsed.next === header.length ? parsed.value : undefined;
  return header.length > 5 ? null : undefined;
}

/** MQTT variable byte integer at `at`: value and the offset after it, or undefined if incomplete. */
function varint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * 128 ** i;
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return undefined;
}
