// A real WebRTC peer in Node (werift, a WebRTC stack written in TypeScript) that signals through your
// server exactly as the browser page does: the peer that waited makes the offer, candidates trickle.
// ICE uses host candidates on 127.0.0.1 only: no STUN or TURN server, nothing leaves this machine.
import { createHash } from 'node:crypto';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import WebSocket from 'ws';

export interface Received {
  name: string;
  bytes: Buffer;
}

export class WeriftPeer {
  readonly signal: WebSocket;
  readonly pc: RTCPeerConnection;
  /** Every signaling message this peer received, in order (type only), for failure messages. */
  readonly heard: string[] = [];
  /** The candidate lines that reached this peer through the signaling server. */
  readonly remoteCandidates: string[] = [];
  channel: RTCDataChannel | undefined;
  readonly channelOpen: Promise<RTCDataChannel>;
  readonly fileReceived: Promise<Received>;
  /** Set when the server sends this peer something that proves it routes wrongly; fails the test at once. */
  problem: string | undefined;
  readonly #sent = new Set<string>();
  #openChannel!: (channel: RTCDataChannel) => void;
  #fail!: (error: Error) => void;
  #receiveFile!: (file: Received) => void;

  constructor(url: string, room: string) {
    this.channelOpen = new Promise((resolve, reject) => {
      this.#openChannel = resolve;
      this.#fail = reject;
    });
    this.channelOpen.catch(() => {}); // observed by the tests; this keeps an unobserved rejection quiet
    this.fileReceived = new Promise((resolve) => (this.#receiveFile = resolve));
    this.pc = new RTCPeerConnection({
      iceServers: [], // no STUN, no TURN: host candidates only
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'], // loopback is not gathered by default
      iceFilterCandidatePair: (pair) => pair.localCandidate.host === '127.0.0.1' && pair.remoteCandidate.host === '127.0.0.1',
    });
    this.pc.onIceCandidate.subscribe((candidate) => {
      const init = candidate?.toJSON();
      this.send({ type: 'candidate', candidate: init ? { candidate: init.candidate, sdpMid: init.sdpMid ?? null, sdpMLineIndex: init.sdpMLineIndex ?? null } : null });
    });
    this.pc.onDataChannel.subscribe((channel) => this.#useChannel(channel));
    this.signal = new WebSocket(url);
    this.signal.on('error', () => {});
    this.signal.on('open', () => this.send({ type: 'join', room }));
    this.signal.on('message', (data) => {
      let message: { type?: string; sdp?: string; candidate?: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return;
      }
      this.heard.push(String(message.type));
      // Both peers send the same end-of-candidates marker, so only an offer, answer or real candidate can be an echo.
      if (message.candidate !== null && this.#sent.has(JSON.stringify(message))) {
        this.problem = `This peer received its own ${String(message.type)} back from the server. Relay offers, answers and candidates to the OTHER peer in the room only, never to the sender.`;
        this.#fail(new Error(this.problem));
        return;
      }
      this.#onSignal(message).catch((error: unknown) => this.heard.push(`(werift failed: ${(error as Error).message})`));
    });
  }

  send(message: unknown): void {
    this.#sent.add(JSON.stringify(message));
    if (this.signal.readyState === WebSocket.OPEN) this.signal.send(JSON.stringify(message));
  }

  async #onSignal(message: { type?: string; sdp?: string; candidate?: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null }): Promise<void> {
    if (message.type === 'peer-joined') {
      this.#useChannel(this.pc.createDataChannel('file', { ordered: true }));
      await this.pc.setLocalDescription(await this.pc.createOffer());
      this.send({ type: 'offer', sdp: this.pc.localDescription?.sdp });
    } else if (message.type === 'offer' && typeof message.sdp === 'string') {
      await this.pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      this.send({ type: 'answer', sdp: this.pc.localDescription?.sdp });
    } else if (message.type === 'answer' && typeof message.sdp === 'string') {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
    } else if (message.type === 'candidate' && message.candidate) {
      this.remoteCandidates.push(message.candidate.candidate);
      await this.pc.addIceCandidate({ candidate: message.candidate.candidate, sdpMid: message.candidate.sdpMid ?? undefined, sdpMLineIndex: message.candidate.sdpMLineIndex ?? undefined });
    }
  }

  #useChannel(channel: RTCDataChannel): void {
    this.channel = channel;
    let incoming: { name: string; parts: Buffer[] } | undefined;
    channel.onMessage.subscribe((data) => {
      if (typeof data === 'string') {
        const header = JSON.parse(data) as { kind: string; name?: string };
        if (header.kind === 'start') incoming = { name: String(header.name), parts: [] };
        if (header.kind === 'end' && incoming) this.#receiveFile({ name: incoming.name, bytes: Buffer.concat(incoming.parts) });
      } else if (incoming) {
        incoming.parts.push(Buffer.from(data));
      }
    });
    if (channel.readyState === 'open') this.#openChannel(channel);
    channel.stateChanged.subscribe((state) => {
      if (state === 'open') this.#openChannel(channel);
    });
  }

  /** Sends a file as a start header, 16 KiB binary chunks and an end marker, like the browser page. */
  sendFile(name: string, bytes: Buffer, chunkBytes = 16 * 1024): void {
    const channel = this.channel;
    if (!channel) throw new Error('No data channel to send on.');
    channel.send(JSON.stringify({ kind: 'start', name, size: bytes.length }));
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) channel.send(bytes.subarray(offset, offset + chunkBytes));
    channel.send(JSON.stringify({ kind: 'end' }));
  }

  async close(): Promise<void> {
    this.signal.terminate();
    await this.pc.close();
  }
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
