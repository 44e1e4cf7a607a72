// Run starts both versions of the page with the test certificate:
//   https://127.0.0.1:3000/  HTTP/2 Server Push        https://127.0.0.1:3001/  103 Early Hints
// Try: curl -k --http2 -D - https://127.0.0.1:3001/   (curl prints the 103 before the 200)
import { createSite } from './site.ts';
import { TEST_CERT, TEST_KEY } from './tls.ts';

const push = createSite({ key: TEST_KEY, cert: TEST_CERT, mode: 'push' });
const hints = createSite({ key: TEST_KEY, cert: TEST_CERT, mode: 'early-hints' });
push.listen(3000, '127.0.0.1', () => console.log('Server Push:  https://127.0.0.1:3000/'));
hints.listen(3001, '127.0.0.1', () => console.log('Early Hints:  https://127.0.0.1:3001/'));
setTimeout(() => {
  push.close();
  hints.close();
}, 8000).unref();
