// The one spec file: it runs the tests of the server heartbeat (heartbeat.tests.ts) and of the
// reconnecting client (reconnect.tests.ts). Both groups run their tests concurrently and mostly wait on
// timers, so in one file their waits overlap; vitest would otherwise run two files one after the other,
// each in a fresh worker.
import './heartbeat.tests.ts';
import './reconnect.tests.ts';
