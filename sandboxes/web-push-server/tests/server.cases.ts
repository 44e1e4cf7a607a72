// The HTTP API end to end: a "browser" subscribes over HTTP, an operator calls /notify, the message
// reaches the push service. Malformed input must get an answer, never take the server down.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { generateVapidKeys } from '../keys.ts';
import { createAppServer } from '../server.ts';
import { closeWorlds, refusals, startWorld, type World } from './harness.ts';

// Closed after all, not after each: the tests run concurrently, each with a server and world of its own.
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await closeWorlds();
});

async function start(world: World): Promise<string> {
  const server = createAppServer({ store: world.store, sender: world.sender, publicKey: world.vapid.publicKey });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, body: unknown, method = 'POST'): Promise<Response> =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe.concurrent('the application server API', () => {
  test('subscribe, notify, unsubscribe', async () => {
    const world = await startWorld();
    const base = await start(world);
    expect(await (await fetch(`${base}/vapid-public-key`)).json()).toEqual({ publicKey: world.vapid.publicKey });
    const subscription = world.service.subscribe(world.vapid.publicKey);
    expect((await post(`${base}/subscriptions`, subscription)).status).toBe(201);
    const report = await (await post(`${base}/notify`, { title: 'Order shipped', body: 'Track it', urgency: 'high', ttl: 3600 })).json();
    expect(report, `One subscriber, one delivery.${refusals(world)}`).toEqual({ sent: 1, removed: 0, tooLarge: 0, failed: 0 });
    expect(world.service.deliveries[0]).toMatchObject({ ttl: '3600', urgency: 'high', plaintext: '{"title":"Order shipped","body":"Track it"}' });
    expect((await post(`${base}/subscriptions`, { endpoint: subscription.endpoint }, 'DELETE')).status).toBe(204);
    expect(world.store.size).toBe(0);
  });

  test('malformed requests and an oversized message get answers, and the server keeps working', async () => {
    const world = await startWorld();
    const base = await start(world);
    expect((await post(`${base}/subscriptions`, '{not json')).status, 'Invalid JSON is a 400').toBe(400);
    expect((await post(`${base}/subscriptions`, { endpoint: 'http://push.example/x', keys: {} })).status, 'A subscription that is not https or lacks keys is a 400').toBe(400);
    expect((await post(`${base}/notify`, { title: 1 })).status).toBe(400);
    world.store.add(world.service.subscribe(world.vapid.publicKey));
    const tooBig = await post(`${base}/notify`, { title: 'Long read', body: 'y'.repeat(4500) });
    expect(tooBig.status, 'A message the push service refuses with 413 is still an answer for the caller').toBe(200);
    expect(await tooBig.json()).toEqual({ sent: 0, removed: 0, tooLarge: 1, failed: 0 });
    expect(world.store.size, 'A 413 does not end the subscription').toBe(1);
    const after = await post(`${base}/notify`, { title: 'Short', body: 'fits' });
    expect(await after.json(), `The server still delivers after all that.${refusals(world)}`).toEqual({ sent: 1, removed: 0, tooLarge: 0, failed: 0 });
  });

  test('a push service that refuses the VAPID token (403) is a failed send, not a crash or a deletion', async () => {
    const world = await startWorld();
    const base = await start(world);
    // Subscribed for another application server's key: the push service rejects our token for it.
    const foreign = world.service.subscribe(generateVapidKeys('mailto:other@example.com').publicKey);
    expect((await post(`${base}/subscriptions`, foreign)).status).toBe(201);
    const report = await post(`${base}/notify`, { title: 'Hi', body: 'there' });
    expect(report.status, 'The caller gets an answer even when every send is refused').toBe(200);
    expect(await report.json()).toEqual({ sent: 0, removed: 0, tooLarge: 0, failed: 1 });
    expect(world.store.size, 'A 403 says the token or key is wrong, not that the subscription is dead').toBe(1);
    expect((await fetch(`${base}/vapid-public-key`)).status, 'The server is still up').toBe(200);
  });
});
