/**
 * Loaded into every Node process of a run (NODE_OPTIONS --import, see run-environment.ts). Makes a
 * server that is given no host listen on loopback (127.0.0.1) instead of on every interface, which
 * is Node's default: `listen(3000)`, `listen(0)`, `listen()`, `listen({ port })` and
 * `listen(port, callback)`. A learner's half-finished chat server would otherwise take messages from
 * any machine on the network. A host the program names (`'0.0.0.0'`, `'::'`, a LAN address), a Unix
 * socket path and a handle or fd are left exactly as given.
 *
 * http.Server, https.Server, http2 servers and ws's WebSocketServer all listen through
 * net.Server.prototype.listen, so this one wrapper covers them.
 *
 * Plain JavaScript, not TypeScript: every process of a run loads it, and type stripping would add
 * tens of milliseconds to each start.
 */
import { Server } from 'node:net';

const LOOPBACK = '127.0.0.1';
const original = Server.prototype.listen;

/**
 * listen()'s arguments with the loopback host added when none is given; Node's own parsing
 * (net.js normalizeArgs) does the rest.
 * @param {unknown[]} args
 * @returns {unknown[]}
 */
export function withLoopbackHost(args) {
  const [first] = args;
  if (first !== null && typeof first === 'object') {
    // A handle, a server or socket to share, a file descriptor or a pipe path: no host involved.
    if ('_handle' in first || 'handle' in first || 'fd' in first || 'path' in first || 'host' in first) return args;
    return [{ ...first, host: LOOPBACK }, ...args.slice(1)];
  }
  // A string that is not a number is a Unix socket or named pipe path.
  if (typeof first === 'string' && !/^\s*\d+\s*$/.test(first)) return args;
  if (typeof args[1] === 'string') return args; // listen(port, host, …)
  const rest = typeof first === 'function' ? args : args.slice(1);
  /** @type {Record<string, unknown>} */
  const options = { port: typeof first === 'function' || first === undefined || first === null ? 0 : first, host: LOOPBACK };
  let next = 0;
  if (typeof rest[0] === 'number') {
    options.backlog = rest[0];
    next = 1;
  }
  return [options, ...rest.slice(next)];
}

Server.prototype.listen = function listen(...args) {
  return original.apply(this, withLoopbackHost(args));
};
