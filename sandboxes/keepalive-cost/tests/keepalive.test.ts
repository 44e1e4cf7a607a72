// The one spec file: vitest starts a worker per spec file, so the cases live in the files imported here
// and share one worker. Most tests run concurrently; the ones that mock Math.random run last and alone.
import './send-requests.cases.ts';
import './follow-feed.cases.ts';
