// The one spec file: vitest starts a worker per spec file, so the cases live in the files imported here
// and share one worker. The sender and server cases run concurrently, so the second that the 429 case
// must wait (Retry-After: 1) passes while the others run.
import './vectors.cases.ts';
import './vapid.cases.ts';
import './sender.cases.ts';
import './server.cases.ts';
