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
  // TODO: throw an Error that explains the problem when limit is not a whole number of 1 or more.
  const events: LoggedEvent[] = [];
  let latestId = 0;

  return {
    append(data) {
      latestId += 1;
      const event = { id: latestId, data };
      events.push(event);
      // TODO: keep only the newest `limit` events, or memory grows for as long as the feed runs.
      return event;
    },
    after(id) {
      // TODO: return the events with an id greater than `id`, oldest first ([] when the client is up to
      //       date). Return undefined when `id` was never issued (not a whole number, below 0, above
      //       latestId) or when event id + 1 has already been dropped from the log: a replay would then
      //       hide a gap.
      void id;
      return [];
    },
    get latestId() {
      return latestId;
    },
  };
}
