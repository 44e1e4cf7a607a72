/**
 * Issue 9, item 5: a learner server given no host listens on loopback, not on every interface. The
 * fixture program starts servers in each host-less form Node allows (and one that names a host) and
 * prints the address each one got; run through the real runner, so the preload is loaded exactly as
 * for a learner.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { withLoopbackHost } from '../../src/runner/preload/loopback-default.mjs';
import { connectedRunner } from './helpers.ts';

const runner = connectedRunner();

describe('servers in a run listen on loopback unless the program names a host', () => {
  test('every host-less listen() form, in the entry process', async () => {
    const source = readFileSync(new URL('./fixtures/listen-forms.ts', import.meta.url), 'utf8');
    runner.client.send({ type: 'run', runId: 'forms', entry: 'main.ts', files: { 'main.ts': source } });
    expect(await runner.client.exit('forms')).toMatchObject({ code: 0 });
    expect(JSON.parse(runner.client.output('forms'))).toEqual({
      'listen(0, cb)': '127.0.0.1',
      'listen(cb)': '127.0.0.1',
      'listen({ port: 0 }, cb)': '127.0.0.1',
      'listen(0, backlog, cb)': '127.0.0.1',
      'http listen(0)': '127.0.0.1',
      'new WebSocketServer({ port })': '127.0.0.1',
      "listen(0, '0.0.0.0') (named host)": '0.0.0.0',
    });
  });

  test('in a child Node process the program starts, too', async () => {
    const source = readFileSync(new URL('./fixtures/listen-forms.ts', import.meta.url), 'utf8');
    const parent = [
      "import { execFileSync } from 'node:child_process';",
      "process.stdout.write(execFileSync(process.execPath, ['child.ts'], { encoding: 'utf8' }));",
    ].join('\n');
    runner.client.send({ type: 'run', runId: 'child', entry: 'main.ts', files: { 'main.ts': parent, 'child.ts': source } });
    expect(await runner.client.exit('child')).toMatchObject({ code: 0 });
    expect(JSON.parse(runner.client.output('child'))['listen(0, cb)']).toBe('127.0.0.1');
  });

  test('arguments: the host is added only where none was given', () => {
    const cb = (): void => {};
    expect(withLoopbackHost([3000])).toEqual([{ port: 3000, host: '127.0.0.1' }]);
    expect(withLoopbackHost(['3000', cb])).toEqual([{ port: '3000', host: '127.0.0.1' }, cb]);
    expect(withLoopbackHost([0, 511, cb])).toEqual([{ port: 0, host: '127.0.0.1', backlog: 511 }, cb]);
    expect(withLoopbackHost([cb])).toEqual([{ port: 0, host: '127.0.0.1' }, cb]);
    expect(withLoopbackHost([{ port: 1, exclusive: true }])).toEqual([{ port: 1, exclusive: true, host: '127.0.0.1' }]);
    expect(withLoopbackHost([3000, '::'])).toEqual([3000, '::']);
    expect(withLoopbackHost([{ port: 1, host: '0.0.0.0' }])).toEqual([{ port: 1, host: '0.0.0.0' }]);
    expect(withLoopbackHost(['/tmp/app.sock'])).toEqual(['/tmp/app.sock']);
    expect(withLoopbackHost([{ fd: 3 }])).toEqual([{ fd: 3 }]);
  });
});
