import { describe, expect, it } from 'vitest';
import { ServerSentEventParser } from './server-sent-events.js';

describe('ServerSentEventParser', () => {
  it('reads events split anywhere across chunks, skipping comments', () => {
    const parser = new ServerSentEventParser();
    const stream =
      ': events follow\n\nid: 1\nevent: pipelineRun\ndata: {"runId":"a"}\n\n: keep-alive\n\nid: 2\nevent: end\ndata: {}\n\n';
    const events = [];
    for (let at = 0; at < stream.length; at += 7)
      events.push(...parser.push(stream.slice(at, at + 7)));
    expect(events).toEqual([
      { event: 'pipelineRun', data: '{"runId":"a"}', id: '1' },
      { event: 'end', data: '{}', id: '2' },
    ]);
  });

  it('joins data lines, defaults the event name and takes CRLF split between chunks as one line end', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('data: one\r')).toEqual([]);
    expect(parser.push('\ndata:two\r\n\r')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
    expect(parser.push('\n')).toEqual([]);
  });

  it('sends nothing for an event without data, and waits for the blank line', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('event: ping\n\n')).toEqual([]);
    expect(parser.push('event: x\ndata: 1\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'x', data: '1' }]);
  });
});
