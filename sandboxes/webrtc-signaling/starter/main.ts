// Starts the signaling server and the file-sharing page on port 3000. Open the preview (or
// http://localhost:3000/?room=demo) in two browser tabs, pick a file in one and press Send: it travels
// over a WebRTC data channel between the tabs. The server only passes the offer, the answer and the
// ICE candidates between them. Press Stop to end the server.
import { createSignalingServer } from './server.ts';

const signaling = createSignalingServer();
signaling.server.listen(3000, '127.0.0.1', () => {
  console.log('File sharing on http://localhost:3000/?room=demo (signaling at ws://localhost:3000/signal)');
});

// Show the rooms whenever they change: a third tab must be refused, and rooms must empty when tabs close.
let lastRooms = '{}';
setInterval(() => {
  const rooms = JSON.stringify(signaling.roomSizes());
  if (rooms !== lastRooms) console.log(`rooms and their peer counts: ${rooms}`);
  lastRooms = rooms;
}, 500);
