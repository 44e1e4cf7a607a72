import { describe, expect, test } from 'vitest';
import { watchOtherTabs } from '../../src/sandbox/tab-sync.ts';

describe('watchOtherTabs', () => {
  test('asks the store to look only when this sandbox\'s key changed in another tab, and stops when closed', () => {
    const target = new EventTarget();
    const checked: string[] = [];
    const stop = watchOtherTabs({ checkForNewer: (id) => (checked.push(id), false) }, 'ws-chat', target as unknown as Window);
    const fire = (key: string | null) => target.dispatchEvent(Object.assign(new Event('storage'), { key }));
    fire('brr:code:polling-etag');
    fire('brr:progress');
    fire('brr:code:ws-chat');
    expect(checked).toEqual(['ws-chat']);
    stop();
    fire('brr:code:ws-chat');
    expect(checked).toEqual(['ws-chat']);
  });
});
