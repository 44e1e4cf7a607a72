// The one spec file: it runs the tests of askWithTimeout (ask.tests.ts), of your server's rooms and
// handlers (rooms.tests.ts), and of the transports (transports.tests.ts). vitest gives every spec file a
// fresh worker with fresh copies of socket.io and socket.io-client, which costs about as much time as
// the tests themselves, so the three groups share one file and one worker.
import './ask.tests.ts';
import './rooms.tests.ts';
import './transports.tests.ts';
