// The brokers the fleet is graded against: your embedded aedes broker, and Mosquitto, an independent
// broker written in C, started here on a free loopback port when it is installed. Code that only works
// with one broker relies on an accident of that broker; MQTT clients should work with any.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../broker.ts';

export interface RunningBroker {
  name: string;
  mqttUrl: string;
  /** MQTT over WebSocket, when this broker offers it. */
  wsUrl: string | undefined;
  /** The TCP port, for tests that write raw bytes. */
  port: number;
  close(): Promise<void>;
}

export const MOSQUITTO = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';
export const hasMosquitto = existsSync(MOSQUITTO);

export async function startAedes(): Promise<RunningBroker> {
  const broker = await startBroker();
  return { name: 'aedes', mqttUrl: broker.mqttUrl, wsUrl: broker.wsUrl, port: Number(new URL(broker.mqttUrl).port), close: () => broker.close() };
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startMosquitto(): Promise<RunningBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  // TCP only: Mosquitto 2.0.11's websockets listener ignores its bind address and listens on every
  // interface, and the tests keep every server on 127.0.0.1. MQTT over WebSocket is graded on aedes.
  writeFileSync(config, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', ''].join('\n'));
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = performance.now() + 3000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`Mosquitto did not start on 127.0.0.1:${port}: ${log.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { name: 'mosquitto', mqttUrl: `mqtt://127.0.0.1:${port}`, wsUrl: undefined, port, close: stop };
}
