// Shared by the specs: a strict local push service over HTTPS, a fresh VAPID key pair and store, and
// your sender wired to an HTTPS agent that trusts the test certificate. Closed after each test.
import { Agent } from 'node:https';
import { generateVapidKeys, type VapidKeys } from '../keys.ts';
import { createPushSender, type PushSender } from '../sender.ts';
import { SubscriptionStore } from '../subscriptions.ts';
import { FakePushService } from './push-service.ts';
import { TEST_CERT } from './tls.ts';

export interface World {
  service: FakePushService;
  vapid: VapidKeys;
  store: SubscriptionStore;
  sender: PushSender;
  agent: Agent;
}

const open: World[] = [];

export async function startWorld(): Promise<World> {
  const service = await FakePushService.start();
  const vapid = generateVapidKeys('mailto:ops@example.com');
  const store = new SubscriptionStore();
  const agent = new Agent({ ca: TEST_CERT });
  const world = { service, vapid, store, agent, sender: createPushSender({ store, vapid, agent }) };
  open.push(world);
  return world;
}

export async function closeWorlds(): Promise<void> {
  for (const world of open.splice(0)) {
    world.agent.destroy();
    await world.service.close();
  }
}

/** The push service's reasons for refusing requests, for failure messages. */
export function refusals(world: World): string {
  return world.service.rejections.length ? ` The push service refused: ${world.service.rejections.join(' | ')}` : '';
}
