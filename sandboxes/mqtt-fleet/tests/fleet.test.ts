import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, beforeEach, describe, test as baseTest } from 'vitest';
import WebSocket from 'ws';
import { watchFleet, type Dashboard } from '../dashboard.ts';
import { startDevice, type Device } from '../device.ts';
import { hasMosquitto, MOSQUITTO, startAedes, startMosquitto, type RunningBroker } from './brokers.ts';
import { settle, waitFor, within } from './wait.ts';

/** Tests that already failed against your embedded broker are skipped against Mosquitto: fix them there first. */
const failedOnAedes = new Set<string>();

const brokers = [
  { title: 'against your embedded aedes broker', start: startAedes, skip: false, webSocket: true },
  {
    title: hasMosquitto ? 'against Mosquitto, an independent broker' : `against Mosquitto: SKIPPED because ${MOSQUITTO} is not installed (apt-get install mosquitto, or set MOSQUITTO_PATH)`,
    start: startMosquitto,
    skip: !hasMosquitto,
    // Mosquitto 2.0.11's websockets listener ignores its bind address and would listen on every
    // interface; the tests keep every server on 127.0.0.1, so MQTT over WebSocket is graded on aedes.
    webSocket: false,
  },
];

/** What one test starts on the broker, and how it names its devices. */
interface Fleet {
  /** Device ids unique to this test, so retained statuses of other tests never get in the way. */
  idFor(name: string): string;
  /** A number unique to this test. */
  run: number;
  device(name: string, url?: string): Promise<Device>;
  dashboard(url?: string): Promise<Dashboard>;
  statusOf(board: Dashboard, name: string): string | undefined;
  shows(board: Dashboard): () => string;
}

for (const { title, start, skip, webSocket } of brokers) {
  describe.skipIf(skip)(title, () => {
    let broker: RunningBroker;
    let runs = 0;
    // Both brokers start while the tests are being collected, so Mosquitto is up by the time the tests
    // against aedes are done. beforeAll takes the outcome; the catch only keeps a failed start from being
    // reported as an unhandled rejection before then.
    const starting = skip ? undefined : start();
    starting?.catch(() => {});

    beforeAll(async () => {
      broker = await starting!;
    });
    afterAll(async () => {
      await broker?.close();
    });
    beforeEach(({ task, skip: skipTest, onTestFailed }) => {
      if (broker.name === 'aedes') onTestFailed(() => void failedOnAedes.add(task.name));
      else if (failedOnAedes.has(task.name)) skipTest('it already fails against your embedded aedes broker: fix it there first');
    });

    // The tests of one broker run at the same time (test.concurrent), so that their waits overlap. Each
    // gets devices and dashboards of its own, closed when it ends.
    const test = baseTest.extend<{ fleet: Fleet }>({
      // The empty pattern is how vitest learns that this fixture needs no other fixture.
      fleet: async ({}, use) => {
        const run = ++runs;
        const clients: MqttClient[] = [];
        const idFor = (name: string) => `${name}-${run}`;
        try {
          await use({
            idFor,
            run,
            async device(name, url = broker.mqttUrl) {
              const started = await within(startDevice({ url, id: idFor(name) }), 3000, `startDevice(${idFor(name)}) did not resolve within 3 s: it should resolve once connected, subscribed and announced.`);
              clients.push(started.client);
              return started;
            },
            async dashboard(url = broker.mqttUrl) {
              const watching = await within(watchFleet({ url }), 3000, 'watchFleet did not resolve within 3 s: it should resolve once its subscriptions are acknowledged.');
              clients.push(watching.client);
              return watching;
            },
            statusOf: (board, name) => board.statuses.get(idFor(name)),
            shows: (board) => () => `The dashboard's statuses are ${JSON.stringify(Object.fromEntries(board.statuses))}.`,
          });
        } finally {
          for (const client of clients) client.end(true);
        }
      },
    });

    test.concurrent('a device is "online" with a retained status, which a dashboard started later still receives', async ({ fleet: { idFor, device, dashboard, statusOf, shows } }) => {
      const live = await dashboard();
      await device('truck');
      await waitFor(`"online" for ${idFor('truck')} on the dashboard that was already watching (fleet/+/status)`, () => statusOf(live, 'truck') === 'online', shows(live));
      const late = await dashboard();
      await waitFor(`the retained "online" for ${idFor('truck')} on a dashboard that subscribed after it was published: publish the status with retain: true`, () => statusOf(late, 'truck') === 'online', shows(late));
    });

    test.concurrent('a device that vanishes without DISCONNECT is reported "offline" by its last will, retained for later dashboards', async ({ fleet: { idFor, device, dashboard, statusOf, shows } }) => {
      const live = await dashboard();
      const truck = await device('truck');
      await waitFor(`"online" for ${idFor('truck')}`, () => statusOf(live, 'truck') === 'online', shows(live));
      truck.client.stream.destroy(); // the connection just dies: no DISCONNECT packet, like a dead battery
      await waitFor(`"offline" for ${idFor('truck')} after its connection died: only a last will (will: { topic, payload: "offline", qos: 1, retain: true }) can say so`, () => statusOf(live, 'truck') === 'offline', shows(live));
      const late = await dashboard();
      await waitFor(`the retained "offline" on a later dashboard: the will must be retained too`, () => statusOf(late, 'truck') === 'offline', shows(late));
    });

    test.concurrent('stop() reports "offline" itself, because a clean DISCONNECT discards the last will', async ({ fleet: { idFor, device, dashboard, statusOf, shows } }) => {
      const live = await dashboard();
      const truck = await device('truck');
      await waitFor(`"online" for ${idFor('truck')}`, () => statusOf(live, 'truck') === 'online', shows(live));
      await within(truck.stop(), 2000, 'stop() did not resolve within 2 s.');
      await waitFor(`"offline" for ${idFor('truck')} after stop(): publish it (retained) before endAsync(), since the broker drops the will on a DISCONNECT`, () => statusOf(live, 'truck') === 'offline', shows(live));
      const late = await dashboard();
      await waitFor('the retained "offline" on a later dashboard', () => statusOf(late, 'truck') === 'offline', shows(late));
    });

    test.concurrent('decommission() deletes the retained status: the live dashboard forgets the device and a new one never hears of it', async ({ fleet: { idFor, device, dashboard, statusOf, shows }, expect }) => {
      const live = await dashboard();
      const truck = await device('truck');
      await waitFor(`"online" for ${idFor('truck')}`, () => statusOf(live, 'truck') === 'online', shows(live));
      await within(truck.decommission(), 2000, 'decommission() did not resolve within 2 s.');
      await waitFor(`${idFor('truck')} to disappear from the live dashboard (an empty payload on its status topic means "deleted")`, () => statusOf(live, 'truck') === undefined, shows(live));
      const late = await dashboard();
      await settle();
      expect(statusOf(late, 'truck'), `A dashboard started after decommission() still got a status for ${idFor('truck')}: the retained message was not deleted. Publish an EMPTY payload with retain: true to the status topic; publishing "offline" keeps it.`).toBeUndefined();
    });

    test.concurrent('the dashboard receives every reading of every device, nested sensor names included, and nothing else', async ({ fleet: { idFor, device, dashboard, statusOf }, expect }) => {
      const board = await dashboard();
      // Anyone can publish anything to a broker. Hand the dashboard's own message handlers some bad
      // readings directly: in Node, a throw inside an event handler is an uncaught exception that ends the process.
      for (const handler of board.client.listeners('message') as Array<(topic: string, payload: Buffer, packet: unknown) => void>) {
        for (const bad of ['not json', '{"value":"wet"}', '', 'null']) {
          expect(() => handler(`fleet/${idFor('probe')}/telemetry/humidity`, Buffer.from(bad), {}), `The dashboard's message handler threw on the reading ${JSON.stringify(bad)}. Parse inside try/catch and skip anything that is not { value: <finite number> }.`).not.toThrow();
        }
      }
      expect(board.readings.filter((r) => r.device === idFor('probe')), 'Invalid readings must be skipped, not stored.').toEqual([]);
      const [truck, van] = [await device('truck'), await device('van')];
      const stranger = await mqtt.connectAsync(broker.mqttUrl, { reconnectPeriod: 0 });
      try {
        await truck.publishReading('temperature', 21.5);
        await van.publishReading('engine/temperature', 88);
        await van.publishReading('battery', 12.6);
        await stranger.publishAsync(`office/${idFor('truck')}/telemetry/temperature`, JSON.stringify({ value: 5 }));
        await stranger.publishAsync(`fleet/${idFor('truck')}/telemetry/humidity`, 'not json', { qos: 1 });
        await stranger.publishAsync(`fleet/${idFor('truck')}/telemetry/humidity`, JSON.stringify({ value: 'wet' }), { qos: 1 });
        await stranger.publishAsync(`fleet/${idFor('truck')}/commands`, 'honk', { qos: 1 });
      } finally {
        await stranger.endAsync();
      }
      const mine = () => board.readings.filter((r) => r.device === idFor('truck') || r.device === idFor('van'));
      await waitFor('three readings, including van\'s "engine/temperature" (a two-level sensor: subscribe fleet/+/telemetry/# — "+" would match one level only)', () => mine().length >= 3, () => `The dashboard has ${JSON.stringify(board.readings)}.`);
      await settle();
      expect(mine(), 'Exactly the three valid readings, as { device, sensor, value }, in order. Non-JSON and non-numeric readings are skipped; other topic trees are not subscribed.').toEqual([
        { device: idFor('truck'), sensor: 'temperature', value: 21.5 },
        { device: idFor('van'), sensor: 'engine/temperature', value: 88 },
        { device: idFor('van'), sensor: 'battery', value: 12.6 },
      ]);
      expect(statusOf(board, 'truck'), 'Telemetry and commands are not statuses: only fleet/<device>/status may change a status.').toBe('online');
      expect(statusOf(board, 'van')).toBe('online');
    });

    test.concurrent('a QoS 1 command sent while the device is offline arrives when it reconnects with the same client id', async ({ fleet: { idFor, device, dashboard }, expect }) => {
      const board = await dashboard();
      const truck = await device('truck');
      await board.sendCommand(idFor('truck'), 'lights-on');
      await waitFor('the command sent while the device is online', () => truck.commands.includes('lights-on'), () => `It received ${JSON.stringify(truck.commands)}.`);
      await truck.stop();
      await board.sendCommand(idFor('truck'), 'update-firmware'); // nobody is connected as this device now
      const back = await device('truck');
      await waitFor('the command that was sent while the device was offline. The broker keeps it only for a persistent session (clean: false, the same clientId) whose subscription has QoS 1, and only if it was published with QoS 1', () => back.commands.includes('update-firmware'), () => `After reconnecting, it received ${JSON.stringify(back.commands)}.`);
      expect(back.commands, 'The command sent while it was online was acknowledged then, so it must not come again.').not.toContain('lights-on');
    });

    if (webSocket) test.concurrent('MQTT over WebSocket: the subprotocol is "mqtt", and a dashboard over WebSocket sees the fleet', async ({ fleet: { idFor, device, dashboard, statusOf, shows }, expect }) => {
      if (!broker.wsUrl) throw new Error('startBroker() must return the WebSocket URL of the broker as wsUrl.');
      const raw = new WebSocket(broker.wsUrl, ['mqtt']);
      raw.on('error', () => {});
      const protocol = await within(new Promise<string>((resolve, reject) => {
        raw.once('open', () => resolve(raw.protocol));
        raw.once('error', reject);
      }), 2000, `No WebSocket connection to ${broker.wsUrl} within 2 s: serve MQTT over WebSocket at the path /mqtt.`).catch((error: Error) => error.message);
      raw.terminate();
      expect(protocol, 'The handshake answer must name the subprotocol "mqtt" (Sec-WebSocket-Protocol: mqtt); browsers close the connection otherwise.').toBe('mqtt');
      const board = await dashboard(broker.wsUrl);
      await device('truck');
      await waitFor(`"online" for ${idFor('truck')} on a dashboard connected over WebSocket`, () => statusOf(board, 'truck') === 'online', shows(board));
    });

    test.concurrent('malformed packets on raw TCP connections are refused, and the broker keeps serving', async ({ fleet: { run }, expect }) => {
      const garbage = [
        Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), // not MQTT at all
        Buffer.from([0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x58, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00]), // CONNECT for protocol "MQTX"
        Buffer.from([0x30, 0x05, 0x00, 0x01, 0x61, 0x68, 0x69]), // a PUBLISH before any CONNECT
        Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f]), // a remaining length longer than 4 bytes
      ];
      for (const bytes of garbage) {
        const socket = net.connect(broker.port, '127.0.0.1');
        socket.on('error', () => {});
        socket.on('data', () => {});
        socket.write(bytes);
        await within(new Promise((resolve) => socket.once('close', resolve)), 2000, `The broker did not close a connection that sent ${bytes.toString('hex')}.`).finally(() => socket.destroy());
      }
      // The broker still serves: a subscriber gets a QoS 1 message published after all that garbage.
      const subscriber = await mqtt.connectAsync(broker.mqttUrl, { reconnectPeriod: 0 });
      const publisher = await mqtt.connectAsync(broker.mqttUrl, { reconnectPeriod: 0 });
      try {
        const received = new Promise<string>((resolve) => subscriber.once('message', (_topic, payload) => resolve(payload.toString())));
        await subscriber.subscribeAsync(`probe/${run}`, { qos: 1 });
        await publisher.publishAsync(`probe/${run}`, 'still here', { qos: 1 });
        expect(await within(received, 1000, 'The broker did not deliver a message after the malformed connections.')).toBe('still here');
      } finally {
        await Promise.all([subscriber.endAsync(true), publisher.endAsync(true)]);
      }
    });
  });
}
