// The one spec file: vitest starts a worker per spec file, and each would load grpc-js and the .proto
// again, so the cases live in the files imported here. The follower's cases come first: they run
// concurrently with the feed's, and one of them waits out a retry timer.
import './follower.cases.ts';
import './feed.cases.ts';
