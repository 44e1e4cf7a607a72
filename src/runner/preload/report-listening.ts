/**
 * Part of the entry preload (see index.ts). Tells the runner the port of every TCP server the process starts listening on, so the browser can open a
 * preview or a client against it without parsing the program's output.
 *
 * It listens on Node's `net.server.listen` tracing channel (node:diagnostics_channel), which fires
 * after a successful listen() for every net.Server, including http.Server and the one inside ws's
 * WebSocketServer, so no prototype is patched and learner code sees an unmodified runtime.
 * Reports go as JSON lines to the file descriptor named in BRR_REPORT_FD, a pipe only the runner reads.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';
import type { Server } from 'node:net';

const descriptor = Number(process.env.BRR_REPORT_FD);
// Child processes inherit the environment but not the pipe; without the variable they never write
// to whatever their own descriptor of that number happens to be.
delete process.env.BRR_REPORT_FD;

if (Number.isInteger(descriptor) && descriptor > 2) {
  subscribe('tracing:net.server.listen:asyncEnd', (message) => {
    const address = (message as { server: Server }).server.address();
    // A string address is a Unix socket or named pipe: nothing a browser could connect to.
    if (address === null || typeof address !== 'object') return;
    try {
      writeSync(descriptor, `${JSON.stringify({ port: address.port })}\n`);
    } catch {
      // The runner closed its end; the run is being torn down and nobody is listening for ports.
    }
  });
}
