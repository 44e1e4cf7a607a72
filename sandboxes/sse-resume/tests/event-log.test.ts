import { describe, expect, test } from 'vitest';
import { createEventLog } from '../event-log.ts';

const ids = (events: ReadonlyArray<{ id: number }> | undefined): number[] | undefined => events?.map((event) => event.id);

describe('the replay log', () => {
  test('numbers events 1, 2, 3 … and returns those after a given id, oldest first', () => {
    const log = createEventLog(10);
    expect(log.latestId, 'Before the first append, the newest id is 0.').toBe(0);
    expect([log.append('a'), log.append('b'), log.append('c')]).toEqual([
      { id: 1, data: 'a' },
      { id: 2, data: 'b' },
      { id: 3, data: 'c' },
    ]);
    expect(log.latestId).toBe(3);
    expect(log.after(0), 'after(0): a client that has seen nothing gets everything.').toEqual([
      { id: 1, data: 'a' },
      { id: 2, data: 'b' },
      { id: 3, data: 'c' },
    ]);
    expect(ids(log.after(1)), 'after(1) starts with event 2, not 1: the client already has 1.').toEqual([2, 3]);
    expect(log.after(3), 'A client that is up to date gets an empty list, not undefined.').toEqual([]);
  });

  test('keeps only the newest `limit` events', () => {
    const log = createEventLog(3);
    for (let i = 1; i <= 10; i += 1) log.append(`event ${i}`);
    expect(ids(log.after(7)), 'With limit 3, events 8, 9 and 10 are kept: resuming from 7 still works.').toEqual([8, 9, 10]);
    expect(log.latestId).toBe(10);
  });

  test('cannot resume from an id whose next event was already dropped', () => {
    const log = createEventLog(3);
    for (let i = 1; i <= 10; i += 1) log.append(`event ${i}`);
    expect(log.after(6), 'Event 7 is gone, so replaying 8 to 10 would hide a gap: return undefined.').toBeUndefined();
    expect(log.after(0), 'Events 1 to 7 are gone.').toBeUndefined();
  });

  test('cannot resume from an id it never issued', () => {
    const log = createEventLog(5);
    log.append('a');
    log.append('b');
    for (const id of [3, 99, -1, 1.5, Number.NaN]) {
      expect(log.after(id), `after(${id}): this log never issued that id (a restart, another server's log, garbage).`).toBeUndefined();
    }
  });

  test('refuses a limit that is not a whole number of 1 or more', () => {
    for (const limit of [0, -5, 2.5, Number.NaN]) {
      expect(() => createEventLog(limit), `createEventLog(${limit}) should throw: the log could never replay anything, or the limit is meaningless.`).toThrow();
    }
  });
});
