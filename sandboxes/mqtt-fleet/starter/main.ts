// A small fleet on your embedded broker: three devices, a dashboard, a truck that loses its connection,
// and a command sent while a device is away. Watch what the dashboard knows at each step.
import { watchFleet } from './dashboard.ts';
import { startDevice } from './device.ts';
import { startBroker } from './broker.ts';

// Port 0: free ports chosen by the system, printed below (a real broker listens on 1883, and 8883 with TLS).
const broker = await startBroker({ port: 0, wsPort: 0 });
console.log(`Broker on ${broker.mqttUrl} and ${broker.wsUrl}`);
const show = (label: string, statuses: Map<string, string>) => console.log(`${label}:`, JSON.stringify(Object.fromEntries(statuses)));
const pause = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));

const board = await watchFleet({ url: broker.mqttUrl });
const truck = await startDevice({ url: broker.mqttUrl, id: 'truck-1' });
const van = await startDevice({ url: broker.mqttUrl, id: 'van-2' });
const fridge = await startDevice({ url: broker.wsUrl, id: 'fridge-3' }); // over WebSocket, like a browser
await truck.publishReading('engine/temperature', 91);
await van.publishReading('battery', 12.4);
await pause();
show('statuses after three devices started', board.statuses);
console.log('readings:', JSON.stringify(board.readings));

truck.client.stream.destroy(); // the truck drives into a tunnel: no DISCONNECT, so its last will speaks
await pause();
show('after the truck lost its connection', board.statuses);

await van.stop();
await board.sendCommand('van-2', 'open-doors'); // the van is offline: the broker keeps it for its session
const vanAgain = await startDevice({ url: broker.mqttUrl, id: 'van-2' });
await pause();
console.log('commands the van received after reconnecting:', JSON.stringify(vanAgain.commands));

await fridge.decommission();
await pause();
const late = await watchFleet({ url: broker.mqttUrl });
await pause();
show('what a dashboard started now learns from retained statuses', late.statuses);

await Promise.all([board.close(), late.close(), vanAgain.client.endAsync()]);
await broker.close();
