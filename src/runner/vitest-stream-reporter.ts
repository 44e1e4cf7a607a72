/**
 * A vitest reporter (the reporter API of vitest 3.0+, unchanged in 5) that prints one line per finished
 * test to stdout, so "Check my work" on the local runner shows each result as it ends, as the
 * WebContainer backend does (the reporter's source is shared with it: src/sandbox/webcontainer-tests.ts). The lines
 * reach the page in the run's ordinary `output` messages; the client takes them out of the output
 * (src/sandbox/local-runtime.ts), so neither the protocol nor the final report changes.
 */
import { streamReporterSource } from '../sandbox/webcontainer-tests.ts';

export const STREAM_REPORTER_FILE = 'stream-reporter.mjs';

export const STREAM_REPORTER_SOURCE = streamReporterSource();
