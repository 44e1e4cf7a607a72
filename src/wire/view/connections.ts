/**
 * Who is who in a trace: every connection end announced by a 'connect'/'accept' event, with names
 * that improve as the other end of the same TCP connection reports in (the incremental form of
 * `resolveNames` in trace-events.ts: a remote ":3000" becomes "server.ts :3000").
 */
import type { TcpEvent } from '../trace-events.ts';

export interface ConnectionInfo {
  conn: string;
  local: string;
  remote: string;
  role: 'client' | 'server' | undefined;
  pair: string | undefined;
  /** Order of announcement, for a stable filter list. */
  order: number;
  /** Whether the connection has closed or been reset. */
  closed: boolean;
}

export class Connections {
  readonly #byConn = new Map<string, ConnectionInfo>();
  readonly #byPair = new Map<string, ConnectionInfo[]>();
  /** Bumped whenever a name changes, so drawers can cache lifelines between changes. */
  version = 0;

  /** Records an announcement; returns true when it is the first end of its TCP connection seen. */
  announce(event: TcpEvent): boolean {
    if (this.#byConn.has(event.conn)) return false;
    const info: ConnectionInfo = {
      conn: event.conn,
      local: event.localName ?? event.conn,
      remote: event.remoteName ?? '?',
      role: event.role ?? (event.action === 'connect' ? 'client' : 'server'),
      pair: event.pair,
      order: this.#byConn.size,
      closed: false,
    };
    this.#byConn.set(event.conn, info);
    this.version++;
    if (event.pair === undefined) return true;
    const ends = this.#byPair.get(event.pair) ?? [];
    ends.push(info);
    this.#byPair.set(event.pair, ends);
    const [a, b] = ends;
    if (a && b && ends.length === 2) {
      a.remote = b.local;
      b.remote = a.local;
      return false;
    }
    return ends.length === 1;
  }

  get(conn: string): ConnectionInfo | undefined {
    return this.#byConn.get(conn);
  }

  markClosed(conn: string): void {
    const info = this.#byConn.get(conn);
    if (info && !info.closed) {
      info.closed = true;
      this.version++;
    }
  }

  /** The two ends of one TCP connection share a filter entry: the end that carries the traffic. */
  sameConnection(conn: string): string[] {
    const info = this.#byConn.get(conn);
    if (!info?.pair) return [conn];
    return (this.#byPair.get(info.pair) ?? [info]).map((end) => end.conn);
  }

  /** One entry per TCP connection (the first-announced end, which carries the events), in order. */
  list(): ConnectionInfo[] {
    return [...this.#byConn.values()].filter((info) => !info.pair || this.#byPair.get(info.pair)?.[0] === info);
  }

  /** Lifeline names of an arrow on `conn`: [sender, receiver]. */
  names(conn: string, from: 'local' | 'remote'): [string, string] {
    const info = this.#byConn.get(conn);
    const local = info?.local ?? conn;
    const remote = info?.remote ?? '?';
    return from === 'local' ? [local, remote] : [remote, local];
  }

  /** "client.ts → server.ts :3000" for filter lists and details. */
  describe(conn: string): string {
    const info = this.#byConn.get(conn);
    if (!info) return conn;
    const [client, server] = info.role === 'server' ? [info.remote, info.local] : [info.local, info.remote];
    return `${client} → ${server}`;
  }
}
