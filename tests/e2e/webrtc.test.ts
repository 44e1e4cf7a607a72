/**
 * The WebRTC exercise in real Chromium: two pages of the sandbox's own file-sharing page, signaling through
 * the solution's server, open a data channel between themselves and send a file, checked byte for byte.
 * A third page is refused, and a page that closes mid-transfer leaves the server running and the room free.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, requireChromium } from '../../src/lib/chromium.ts';
import { collectPageErrors } from './browser.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sandbox = join(root, 'sandboxes', 'webrtc-signaling');

interface SignalingServer {
  server: import('node:http').Server;
  roomSizes(): Record<string, number>;
}

let browser: Browser;
let work: string;
let signaling: SignalingServer;
let origin: string;

beforeAll(async () => {
  // The solution as a learner's finished files: starter with solution/ laid over it, as the runner does.
  work = mkdtempSync(join(tmpdir(), 'webrtc-e2e-'));
  cpSync(join(sandbox, 'starter'), work, { recursive: true });
  cpSync(join(sandbox, 'solution'), work, { recursive: true, force: true });
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  writeFileSync(join(work, 'package.json'), '{ "private": true, "type": "module" }\n');
  const { createSignalingServer } = (await import(join(work, 'server.ts'))) as { createSignalingServer(): SignalingServer };
  signaling = createSignalingServer();
  signaling.server.listen(0, '127.0.0.1');
  await once(signaling.server, 'listening');
  origin = `http://127.0.0.1:${(signaling.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: requireChromium(),
    args: [
      ...CHROMIUM_ARGS,
      // Chromium hides host addresses behind random .local (mDNS) names; show real addresses so the pages
      // do not depend on multicast DNS on the test machine, and gather loopback too so a machine with no
      // interface but lo still works (checked on Chromium 156).
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--allow-loopback-in-peer-connection',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  signaling?.server.closeAllConnections();
  await new Promise((resolve) => signaling?.server.close(resolve));
  if (work) rmSync(work, { recursive: true, force: true });
});

type PeerState = { joined: boolean; channelOpen: boolean; candidateTypes: string[]; errors: string[]; file: { name: string; size: number } | null };
const stateOf = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { peerState: PeerState & { file: { name: string; size: number; blob?: Blob } | null } }).peerState;
  return { joined: s.joined, channelOpen: s.channelOpen, candidateTypes: s.candidateTypes, errors: s.errors, file: s.file ? { name: s.file.name, size: s.file.size } : null };
});

async function openPeer(room: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${origin}/?room=${room}`);
  await expect.poll(async () => (await stateOf(page)).joined || (await stateOf(page)).errors.length > 0, { timeout: 5000 }).toBe(true);
  return { page, errors };
}

/** The received file's bytes, read from the Blob the page assembled, as base64. */
const receivedBytes = (page: Page) => page.evaluate(async () => {
  const blob = (window as unknown as { peerState: { file: { blob: Blob } } }).peerState.file.blob;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('two Chromium pages share a file over a data channel set up by the signaling solution', () => {
  test('the file arrives byte for byte; a third page is refused', { timeout: 60_000 }, async () => {
    const alice = await openPeer('e2e-call');
    const bob = await openPeer('e2e-call');
    await expect.poll(async () => (await stateOf(alice.page)).channelOpen && (await stateOf(bob.page)).channelOpen, { timeout: 15_000, message: 'the data channel opens in both pages' }).toBe(true);
    const types = [...(await stateOf(alice.page)).candidateTypes, ...(await stateOf(bob.page)).candidateTypes];
    expect(types, 'with no STUN or TURN server, only host candidates are gathered').toContain('host');
    expect(types.filter((type) => type !== 'host')).toEqual([]);

    const mallory = await openPeer('e2e-call');
    expect((await stateOf(mallory.page)).errors, 'the third page is refused with room-full').toEqual(['room-full']);
    expect(signaling.roomSizes()['e2e-call']).toBe(2);

    // 300 kB is many 16 KiB messages: ordering, chunking and the bufferedAmount backpressure all take part.
    const file = randomBytes(300 * 1000);
    await alice.page.locator('#file').setInputFiles({ name: 'holiday.bin', mimeType: 'application/octet-stream', buffer: file });
    await alice.page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(async () => (await stateOf(bob.page)).file?.size ?? 0, { timeout: 15_000, message: 'the whole file arrives' }).toBe(file.length);
    expect((await stateOf(bob.page)).file?.name).toBe('holiday.bin');
    const received = Buffer.from(await receivedBytes(bob.page), 'base64');
    expect(sha256(received)).toBe(sha256(file));
    expect(received.equals(file), 'byte for byte').toBe(true);

    expect([...alice.errors, ...bob.errors, ...mallory.errors]).toEqual([]);
    await Promise.all([alice.page.close(), bob.page.close(), mallory.page.close()]);
    await expect.poll(() => signaling.roomSizes(), { message: 'closing the pages empties and deletes the room' }).toEqual({});
  });

  test('a page closed mid-transfer: the other page is told, the server keeps running, and a new pair connects', { timeout: 60_000 }, async () => {
    const alice = await openPeer('e2e-flaky');
    const bob = await openPeer('e2e-flaky');
    await expect.poll(async () => (await stateOf(alice.page)).channelOpen && (await stateOf(bob.page)).channelOpen, { timeout: 15_000 }).toBe(true);
    await alice.page.locator('#file').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: randomBytes(4 * 1000 * 1000) });
    await alice.page.getByRole('button', { name: 'Send', exact: true }).click();
    await alice.page.close(); // the sender vanishes mid-transfer
    await expect.poll(() => bob.page.locator('#log').textContent(), { timeout: 10_000 }).toContain('The other peer left.');
    await expect.poll(() => signaling.roomSizes()).toEqual({ 'e2e-flaky': 1 });

    const carol = await openPeer('e2e-flaky');
    await expect.poll(async () => (await stateOf(bob.page)).channelOpen && (await stateOf(carol.page)).channelOpen, { timeout: 15_000, message: 'a new peer takes the free seat and connects' }).toBe(true);
    const file = randomBytes(50 * 1000);
    await carol.page.locator('#file').setInputFiles({ name: 'after.bin', mimeType: 'application/octet-stream', buffer: file });
    await carol.page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(async () => (await stateOf(bob.page)).file?.name, { timeout: 15_000 }).toBe('after.bin');
    expect(Buffer.from(await receivedBytes(bob.page), 'base64').equals(file)).toBe(true);
    await Promise.all([bob.page.close(), carol.page.close()]);
    await expect.poll(() => signaling.roomSizes()).toEqual({});
  });
});
