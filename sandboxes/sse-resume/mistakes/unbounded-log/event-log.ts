/** One published event, numbered in order: 1, 2, 3, … */
export interface LoggedEvent {
  id: number;
  data: string;
}

export interface EventLog {
  /** Stores `data` under the next id and returns the stored event. */
  append(data: string): LoggedEvent;
  /**
   * The events a client is missing when it has seen everything up to `id` (0: nothing yet), oldest first.
   * `undefined` when the log cannot say: the events right after `id` were already dropped, or the log
   * never issued `id`. Then the client needs a fresh start instead of a replay.
   */
  after(id: number): LoggedEvent[] | undefined;
  /** The newest id handed out; 0 before the first append. */
  readonly latestId: number;
}

/** A bounded replay log: memory stays at `limit` events however long the feed runs. */
export function createEventLog(limit: number): EventLog {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new Error(`The event log limit must be a whole number of events, 1 or more, but it was ${limit}. It says how many recent events reconnecting clients can catch up on.`);
  }
  const events: LoggedEvent[] = []; // ids are consecutive, so events[i].id === events[0].id + i
  let latestId = 0;

  return {
    append(data) {
      latestId += 1;
      const event = { id: latestId, data };
      events.push(event);
      return event;
    },
    after(id) {
      // Never issued: from before a restart, another server's log, or garbage.
      if (!Number.isSafeInteger(id) || id < 0 || id > latestId) return undefined;
      const oldestKept = events[0]?.id ?? latestId + 1;
      // Resuming needs every event after `id`; if id + 1 is gone, a replay would hide a gap.
      if (id + 1 < oldestKept) return undefined;
      return events.slice(id + 1 - oldestKept);
    },
    get latestId() {
      return latestId;
    },
  };
}
