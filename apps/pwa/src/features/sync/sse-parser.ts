/** One dispatched Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Incremental parser for the `text/event-stream` format (WHATWG HTML
 * §9.2.6). We read the stream with `fetch` rather than `EventSource`
 * because EventSource cannot send the device's Authorization header.
 * Chunks may split lines, and even a CRLF pair, anywhere.
 */
export class SseParser {
  #buffer = '';
  #data: string[] = [];
  #event = '';
  #lastId: string | undefined;
  #afterCr = false;

  push(chunk: string): SseEvent[] {
    // A CR that ended the previous chunk may be the first half of CRLF.
    this.#buffer += this.#afterCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    this.#afterCr = false;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const end = this.#buffer.slice(start).search(/[\r\n]/);
      if (end === -1) break;
      const at = start + end;
      const line = this.#buffer.slice(start, at);
      if (this.#buffer[at] === '\r') {
        if (at === this.#buffer.length - 1) this.#afterCr = true;
        start = at + (this.#buffer[at + 1] === '\n' ? 2 : 1);
      } else {
        start = at + 1;
      }
      const event = this.#line(line);
      if (event) events.push(event);
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  #line(line: string): SseEvent | null {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastId = value;
        break;
      default:
        // `retry` and unknown fields: reconnection timing is ours to decide.
        break;
    }
    return null;
  }

  #dispatch(): SseEvent | null {
    const data = this.#data;
    const event = this.#event;
    this.#data = [];
    this.#event = '';
    if (data.length === 0) return null;
    return { event: event || 'message', data: data.join('\n'), id: this.#lastId };
  }
}
