/**
 * Reads a Server-Sent Events stream as the WHATWG spec frames it (`event:`, `data:` over one or
 * more lines, `id:`, comments, blank line ends an event; LF, CRLF or CR line ends), fed in chunks
 * as they arrive, because the stream comes through fetch (which can send the bearer token) and
 * not EventSource. Pure.
 */

export interface ServerSentEvent {
  /** (Default: 'message') */
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

export class ServerSentEventParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;
  #sawCarriageReturn = false;

  /** The events this chunk completes, in order. */
  push(chunk: string): ServerSentEvent[] {
    let text = chunk;
    // A CRLF split between two chunks: the LF ends nothing new.
    if (this.#sawCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.#sawCarriageReturn = text.endsWith('\r');
    this.#buffer += text;
    const events: ServerSentEvent[] = [];
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    this.#buffer = lines.pop() ?? '';
    for (const line of lines) {
      const event = this.#line(line);
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  #line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    return undefined;
  }

  #dispatch(): ServerSentEvent | undefined {
    const event = this.#event;
    const data = this.#data;
    this.#event = '';
    this.#data = [];
    if (data.length === 0) return undefined;
    return {
      event: event === '' ? 'message' : event,
      data: data.join('\n'),
      ...(this.#id === undefined ? {} : { id: this.#id }),
    };
  }
}
