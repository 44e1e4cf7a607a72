// Your sender against a strict push service over HTTPS. Each test scripts the service's answers.
import { afterAll, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from './push-service.ts';
import { closeWorlds, refusals, startWorld } from './harness.ts';
import { generateVapidKeys } from '../keys.ts';

// After all, not after each: the tests run concurrently, each in a world of its own.
afterAll(closeWorlds);

describe.concurrent('delivering a message', () => {
  test('the push service accepts it (201) and it decrypts, with the TTL, Urgency and Topic you asked for', async () => {
    const world = await startWorld();
    const subscription = world.store.add(world.service.subscribe(world.vapid.publicKey));
    const outcome = await world.sender.send(subscription, '{"title":"Goal!","body":"2–1"}', { ttl: 60, urgency: 'high', topic: 'score' });
    expect(outcome, `The push service should answer 201 Created.${refusals(world)}`).toEqual({ kind: 'sent', attempts: 1 });
    const [delivery] = world.service.deliveries;
    expect(delivery?.plaintext, 'The service worker would receive exactly the payload you sent').toBe('{"title":"Goal!","body":"2–1"}');
    expect(delivery?.ttl, 'Pass the TTL you were given (web-push option TTL); without it web-push sends 2419200, four weeks').toBe('60');
    expect(delivery?.urgency, 'Pass the urgency you were given (web-push option urgency)').toBe('high');
    expect(delivery?.topic, 'Pass the topic you were given (web-push option topic)').toBe('score');
  });

  test('TTL 0 is a real value ("deliver now or never"), not a missing one', async () => {
    const world = await startWorld();
    const subscription = world.store.add(world.service.subscribe(world.vapid.publicKey));
    await world.sender.send(subscription, 'now or never', { ttl: 0, urgency: 'low' });
    expect(world.service.deliveries[0]?.ttl, `TTL: 0 must reach the push service as "0".${refusals(world)}`).toBe('0');
    expect(world.service.deliveries[0]?.urgency).toBe('low');
  });
});

describe.concurrent('answers that end a subscription', () => {
  for (const status of [410, 404]) {
    test(`${status}: the outcome is "gone" and the subscription is deleted from the store`, async () => {
      const world = await startWorld();
      const subscription = world.store.add(world.service.subscribe(world.vapid.publicKey, [{ status }]));
      const outcome = await world.sender.send(subscription, 'hello', { ttl: 60 });
      expect(outcome, `A ${status} is final: report { kind: "gone", status: ${status} }.${refusals(world)}`).toEqual({ kind: 'gone', status, attempts: 1 });
      expect(world.store.has(subscription.endpoint), `After ${status} the endpoint will never work again: remove it from the store, or you pay for a useless request on every send, forever`).toBe(false);
    });
  }
});

describe.concurrent('429 Too Many Requests', () => {
  test('waits the Retry-After seconds, then sends again', async () => {
    const world = await startWorld();
    const subscription = world.store.add(world.service.subscribe(world.vapid.publicKey, [{ status: 429, retryAfter: '1' }]));
    const outcome = await world.sender.send(subscription, 'patience', { ttl: 60 });
    const arrivals = world.service.arrivals.get(world.service.idOf(subscription)) ?? [];
    expect(arrivals.length, `After a 429 send the message again (once the wait is over).${refusals(world)}`).toBe(2);
    expect(arrivals[1]! - arrivals[0]!, 'Retry-After: 1 means wait at least one second before the next attempt; retrying at once makes the rate limit worse').toBeGreaterThanOrEqual(950);
    expect(outcome).toEqual({ kind: 'sent', attempts: 2 });
    expect(world.store.has(subscription.endpoint), 'A 429 says nothing against the subscription; keep it').toBe(true);
  });

  test('gives up after 3 attempts with "rate-limited", and keeps the subscription', async () => {
    const world = await startWorld();
    const busy = Array.from({ length: 5 }, () => ({ status: 429, retryAfter: '0' }));
    const subscription = world.store.add(world.service.subscribe(world.vapid.publicKey, busy));
    const outcome = await world.sender.send(subscription, 'still busy', { ttl: 60 });
    expect(outcome, 'Three attempts, then report { kind: "rate-limited", retryAfterSeconds, attempts: 3 }').toEqual({ kind: 'rate-limited', retryAfterSeconds: 0, attempts: 3 });
    expect(world.store.has(subscription.endpoint)).toBe(true);
  });

  test('does not sit out a Retry-After longer than maxWaitSeconds (30): it reports it at once', async () => {
    const world = await startWorld();
    const subscription = world.store.add(world.service.subscribe(world.vapid.publicKey, [{ status: 429, retryAfter: '3600' }]));
    const started = performance.now();
    const outcome = await world.sender.send(subscription, 'later', { ttl: 60 });
    expect(performance.now() - started, 'An hour-long Retry-After is for a queue to honour, not for this call to sleep through').toBeLessThan(2000);
    expect(outcome).toEqual({ kind: 'rate-limited', retryAfterSeconds: 3600, attempts: 1 });
  });
});

describe.concurrent('answers that are not about the subscription', () => {
  test(`413: a message over ${MAX_BODY_BYTES} encrypted bytes is reported as "too-large", the subscription stays`, async () => {
    const world = await startWorld();
    const subscription = world.store.add(world.service.subscribe(world.vapid.publicKey));
    const outcome = await world.sender.send(subscription, 'x'.repeat(5000), { ttl: 60 });
    expect(outcome, '413 Payload Too Large: shorten the message (send an id and let the service worker fetch the rest)').toEqual({ kind: 'too-large', attempts: 1 });
    expect(world.store.has(subscription.endpoint), 'Nothing is wrong with the subscription after a 413; do not delete it').toBe(true);
  });

  test('403 (a subscription made for another VAPID key) and 500 are "failed", without throwing and without deleting', async () => {
    const world = await startWorld();
    const foreign = world.store.add(world.service.subscribe(generateVapidKeys('mailto:x@example.com').publicKey));
    const broken = world.store.add(world.service.subscribe(world.vapid.publicKey, [{ status: 500 }]));
    const refused = await world.sender.send(foreign, 'hi', { ttl: 60 });
    const failed = await world.sender.send(broken, 'hi', { ttl: 60 });
    expect(refused, 'A 403 is reported as { kind: "failed", status: 403, … }').toMatchObject({ kind: 'failed', status: 403, attempts: 1 });
    expect(failed, 'A 500 is reported as { kind: "failed", status: 500, … }, not retried as if it were a 429').toMatchObject({ kind: 'failed', status: 500, attempts: 1 });
    expect(world.store.size, 'Only 404 and 410 end a subscription').toBe(2);
  });

  test('an endpoint nobody answers is "failed", not an exception', async () => {
    const world = await startWorld();
    const subscription = world.service.subscribe(world.vapid.publicKey);
    await world.service.close();
    const outcome = await world.sender.send(subscription, 'anyone there?', { ttl: 60 });
    expect(outcome.kind, 'A network error (ECONNREFUSED) must come back as an outcome, never crash the server').toBe('failed');
  });
});

describe.concurrent('broadcast', () => {
  test('sends to every subscription and removes the dead ones', async () => {
    const world = await startWorld();
    world.store.add(world.service.subscribe(world.vapid.publicKey));
    world.store.add(world.service.subscribe(world.vapid.publicKey, [{ status: 410 }]));
    world.store.add(world.service.subscribe(world.vapid.publicKey, [{ status: 404 }]));
    world.store.add(world.service.subscribe(world.vapid.publicKey));
    const report = await world.sender.broadcast('sale starts now', { ttl: 300, urgency: 'normal', topic: 'sale' });
    expect(report, `Two delivered, two removed.${refusals(world)}`).toEqual({ sent: 2, removed: 2, tooLarge: 0, failed: 0 });
    expect(world.store.size).toBe(2);
    expect(world.service.deliveries.filter((d) => d.status === 201).map((d) => d.plaintext)).toEqual(['sale starts now', 'sale starts now']);
  });
});
