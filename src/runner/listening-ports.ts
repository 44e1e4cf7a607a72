/**
 * Which TCP ports a set of processes is listening on, asked of the kernel rather than of the
 * processes: the socket inodes in /proc/<pid>/fd matched against the LISTEN entries of /proc/net/tcp
 * and /proc/net/tcp6 (proc(5)). The preview proxy forwards only to ports found here, so a run cannot
 * point it at the course server or any other program by claiming a port it does not hold.
 *
 * Only Linux has these files; elsewhere `available` is false and callers decide what to do.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Where to connect for a port: the loopback address the socket accepts connections on. */
export type ListeningPorts = Map<number, string>;

const LISTEN = '0A';
const SOCKET_LINK = /^socket:\[(\d+)\]$/;

export const listeningPortsAvailable = existsSync('/proc/net/tcp') && existsSync('/proc/self/fd');

export function listeningPorts(pids: Iterable<number>): ListeningPorts {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // exited, or not ours to read
    }
    for (const fd of fds) {
      try {
        const match = SOCKET_LINK.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed while we looked
      }
    }
  }
  const ports: ListeningPorts = new Map();
  if (inodes.size === 0) return ports;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const entry of parseTcpTable(readOrEmpty(table))) {
      if (entry.state !== LISTEN || !inodes.has(entry.inode)) continue;
      const host = connectAddress(entry.address);
      if (host !== undefined && !ports.has(entry.port)) ports.set(entry.port, host);
    }
  }
  return ports;
}

export interface TcpEntry {
  /** The local address as the kernel prints it: 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word in host byte order. */
  address: string;
  port: number;
  state: string;
  inode: string;
}

export function parseTcpTable(text: string): TcpEntry[] {
  const entries: TcpEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [address, port] = fields[1]!.split(':');
    if (address === undefined || port === undefined) continue;
    entries.push({ address, port: Number.parseInt(port, 16), state: fields[3]!, inode: fields[9]! });
  }
  return entries;
}

/**
 * The address the proxy connects to for a socket bound to `address`, or undefined when the socket
 * is bound to an address that is not loopback (a LAN address): the proxy only talks to loopback.
 * Little-endian hosts print 127.0.0.1 as 0100007F; `::` and 0.0.0.0 accept loopback connections too.
 */
export function connectAddress(address: string): string | undefined {
  if (address.length === 8) return ipv4(address);
  if (address.length !== 32) return undefined;
  if (/^0{32}$/.test(address)) return '127.0.0.1';
  if (address === '00000000000000000000000001000000') return '::1';
  // IPv4-mapped (::ffff:a.b.c.d): words 0-1 zero, word 2 0000FFFF in host order, word 3 the IPv4 address.
  if (address.startsWith('0000000000000000FFFF0000')) return ipv4(address.slice(24));
  return undefined;
}

function ipv4(hex: string): string | undefined {
  const value = Number.parseInt(hex, 16);
  const bytes = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
  if (bytes.every((byte) => byte === 0)) return '127.0.0.1';
  return bytes[0] === 127 ? bytes.join('.') : undefined;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
