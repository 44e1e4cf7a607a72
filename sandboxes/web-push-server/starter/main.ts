// Run starts the application server on http://127.0.0.1:3000 with a fresh VAPID key pair. A browser page
// would fetch /vapid-public-key, subscribe, and POST the subscription; the tests play both the browser
// and the push service. Try: curl -X POST localhost:3000/notify -d '{"title":"Hi","body":"there"}'
import { generateVapidKeys } from './keys.ts';
import { createPushSender } from './sender.ts';
import { createAppServer } from './server.ts';
import { SubscriptionStore } from './subscriptions.ts';

const vapid = generateVapidKeys('mailto:ops@example.com');
const store = new SubscriptionStore();
const sender = createPushSender({ store, vapid });
const server = createAppServer({ store, sender, publicKey: vapid.publicKey });

server.listen(3000, '127.0.0.1', () => {
  console.log('Application server on http://127.0.0.1:3000');
  console.log(`VAPID public key (applicationServerKey): ${vapid.publicKey}`);
});
setTimeout(() => server.close(), 8000).unref();
