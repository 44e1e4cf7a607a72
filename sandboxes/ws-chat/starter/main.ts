// Starts the chat on port 3000. Open the preview (or http://localhost:3000/ in two browser tabs), join the
// same room under two names, and chat. Try a message like <img src=x onerror=alert(1)> before and after
// you fix render.js. Press Stop to end the server.
import { createChatServer } from './server.ts';

const chat = createChatServer();
// 127.0.0.1: only this machine can connect; a course exercise has no business on the network.
chat.server.listen(3000, '127.0.0.1', () => {
  console.log('Chat server on http://127.0.0.1:3000/ (WebSocket endpoint: ws://127.0.0.1:3000/chat)');
});

// Show the rooms whenever they change: they must shrink when people leave or their connection drops.
let lastRooms = '{}';
setInterval(() => {
  const rooms = JSON.stringify(chat.roomSizes());
  if (rooms !== lastRooms) console.log(`rooms and their member counts: ${rooms}`);
  lastRooms = rooms;
}, 500);
