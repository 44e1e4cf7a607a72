// The browser side of the file-sharing page: signaling over a WebSocket, then a WebRTC data channel that
// carries the file straight from one browser to the other. The signaling server never sees the file.

const CHUNK_BYTES = 16 * 1024; // 16 KiB messages travel well between every browser's SCTP stack
const HIGH_WATER = 1024 * 1024; // stop queueing when 1 MiB waits in the channel's buffer…
const LOW_WATER = 256 * 1024; // …and resume when it has drained to 256 KiB

const status = document.querySelector('#status');
const log = document.querySelector('#log');
const sendButton = document.querySelector('#send');
const fileInput = document.querySelector('#file');
const received = document.querySelector('#received');

/** What the page has seen, for people (the log) and for tests (window.peerState). */
const state = { room: '', joined: false, channelOpen: false, candidateTypes: [], sentBytes: 0, file: null, errors: [] };
window.peerState = state;

function say(text) {
  status.textContent = text;
  const item = document.createElement('li');
  item.textContent = text; // textContent: a server or peer message is shown as text, never parsed as HTML
  log.append(item);
}

const room = new URLSearchParams(location.search).get('room') ?? 'demo';
state.room = room;
const signal = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/signal`);
const sendSignal = (message) => signal.send(JSON.stringify(message));

/** @type {RTCPeerConnection | undefined} */
let pc;
/** @type {RTCDataChannel | undefined} */
let channel;

function newPeerConnection() {
  pc?.close();
  // No STUN or TURN server: this page is for two tabs on one machine, where host candidates are enough.
  // Across the internet you would list a STUN server here, and a TURN server for the networks STUN cannot cross.
  pc = new RTCPeerConnection({ iceServers: [] });
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) state.candidateTypes.push(candidate.type);
    sendSignal({ type: 'candidate', candidate: candidate ? candidate.toJSON() : null });
  };
  pc.onconnectionstatechange = () => say(`Peer connection: ${pc.connectionState}`);
  pc.ondatachannel = ({ channel: incoming }) => useChannel(incoming);
  return pc;
}

function useChannel(dataChannel) {
  channel = dataChannel;
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = LOW_WATER;
  channel.onopen = () => {
    state.channelOpen = true;
    sendButton.disabled = false;
    say('Data channel open: pick a file and send it.');
  };
  channel.onclose = () => {
    state.channelOpen = false;
    sendButton.disabled = true;
    say('Data channel closed.');
  };
  let incoming;
  channel.onmessage = ({ data }) => {
    if (typeof data === 'string') {
      const header = JSON.parse(data);
      if (header.kind === 'start') incoming = { name: header.name, size: header.size, parts: [], got: 0 };
      if (header.kind === 'end' && incoming) finish(incoming);
      return;
    }
    if (!incoming) return;
    incoming.parts.push(new Uint8Array(data));
    incoming.got += data.byteLength;
    status.textContent = `Receiving ${incoming.name}: ${incoming.got} of ${incoming.size} bytes`;
  };
}

function finish(incoming) {
  const blob = new Blob(incoming.parts);
  state.file = { name: incoming.name, size: incoming.got, blob };
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = incoming.name;
  link.textContent = `${incoming.name} (${incoming.got} bytes)`;
  received.append(link);
  say(`Received ${incoming.name}: ${incoming.got} bytes.`);
}

/** Waits until the channel's send buffer has drained below bufferedAmountLowThreshold. */
function drained() {
  return new Promise((resolve) => channel.addEventListener('bufferedamountlow', resolve, { once: true }));
}

async function sendFile(file) {
  channel.send(JSON.stringify({ kind: 'start', name: file.name, size: file.size }));
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    // Backpressure: send() never blocks, it queues. Without this wait a big file would fill memory.
    if (channel.bufferedAmount > HIGH_WATER) await drained();
    const chunk = await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer();
    channel.send(chunk);
    state.sentBytes += chunk.byteLength;
  }
  channel.send(JSON.stringify({ kind: 'end' }));
  say(`Sent ${file.name}: ${file.size} bytes.`);
}

sendButton.addEventListener('click', () => {
  const file = fileInput.files?.[0];
  if (file && channel?.readyState === 'open') sendFile(file).catch((error) => say(`Sending failed: ${error.message}`));
});

signal.onopen = () => sendSignal({ type: 'join', room });
signal.onclose = () => say('Signaling connection closed.');
signal.onmessage = async ({ data }) => {
  const message = JSON.parse(data);
  switch (message.type) {
    case 'joined':
      state.joined = true;
      say(message.peers === 1 ? `In room "${room}": waiting for the other peer…` : `In room "${room}" with one other peer: waiting for its offer…`);
      return;
    case 'peer-joined': {
      // We were here first, so we make the offer. The data channel must exist before createOffer,
      // or the offer has no m=application section and no SCTP association is negotiated.
      say('The other peer arrived: sending an offer.');
      const connection = newPeerConnection();
      useChannel(connection.createDataChannel('file', { ordered: true }));
      await connection.setLocalDescription(await connection.createOffer());
      sendSignal({ type: 'offer', sdp: connection.localDescription.sdp });
      return;
    }
    case 'offer': {
      const connection = newPeerConnection();
      await connection.setRemoteDescription({ type: 'offer', sdp: message.sdp });
      await connection.setLocalDescription(await connection.createAnswer());
      sendSignal({ type: 'answer', sdp: connection.localDescription.sdp });
      say('Answered the offer.');
      return;
    }
    case 'answer':
      await pc?.setRemoteDescription({ type: 'answer', sdp: message.sdp });
      return;
    case 'candidate':
      if (message.candidate) await pc?.addIceCandidate(message.candidate);
      return;
    case 'peer-left':
      pc?.close();
      pc = undefined;
      state.channelOpen = false;
      sendButton.disabled = true;
      say('The other peer left.');
      return;
    case 'error':
      state.errors.push(message.code);
      say(`The signaling server refused: ${message.message}`);
      return;
  }
};
