// The SSE client the lab uses (Node 22 has no EventSource without a flag): it reads the response body and
// dispatches an event's data only when the blank line that ends the event arrives, as a browser does.
import http from 'node:http';
import type { FeedClient } from './types.ts';

export function followEventStream(port: number, onData: (data: string) => void): Promise<FeedClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(`http://127.0.0.1:${port}/events`, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        req.destroy();
        reject(new Error(`The SSE server answered ${res.statusCode} with content-type "${res.headers['content-type']}"; a browser's EventSource would fail the connection.`));
        return;
      }
      const decoder = new TextDecoder(); // stream: true below keeps a character cut between chunks whole
      let buffered = '';
      let data: string[] = [];
      res.on('data', (chunk: Buffer) => {
        buffered += decoder.decode(chunk, { stream: true });
        const lines = buffered.split(/\r\n|\r|\n/);
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line === '') {
            if (data.length > 0) onData(data.join('\n')); // the blank line dispatches the event
            data = [];
          } else if (line.startsWith('data:')) {
            data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
          } // id:, event:, retry: and comments are not needed by the lab
        }
      });
      res.on('error', () => {});
      resolve({ close: async () => void req.destroy() });
    });
    req.on('error', reject);
  });
}
