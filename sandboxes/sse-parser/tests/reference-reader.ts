/**
 * A small reader for whole event-stream texts, used by the server tests so that they do not depend on
 * your parser. It applies the same WHATWG rules (HTML §9.2.6) to a complete body at once.
 */
export interface ReadEvent {
  type: string;
  data: string;
  lastEventId: string;
}

export interface ReadStream {
  events: ReadEvent[];
  retries: number[];
  /** Lines starting with ":" (heartbeats). */
  comments: number;
}

export function readEventStream(text: string): ReadStream {
  const result: ReadStream = { events: [], retries: [], comments: 0 };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.pop(); // whatever follows the last line break is not a complete line
  let data = '';
  let type = '';
  let id = '';
  for (const line of lines) {
    if (line === '') {
      if (data !== '') result.events.push({ type: type || 'message', data: data.slice(0, -1), lastEventId: id });
      data = '';
      type = '';
      continue;
    }
    if (line.startsWith(':')) {
      result.comments += 1;
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data += `${value}\n`;
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) result.retries.push(Number(value));
  }
  return result;
}
