import { describe, expect, test } from 'vitest';
import { SseParser } from '../src/features/sync/sse-parser.ts';

describe('SseParser', () => {
  test('parses named events and skips comment pings', () => {
    const parser = new SseParser();
    const events = parser.push(': keep-alive\n\nevent: hello\ndata: {"protocolVersion":1}\n\nevent: changed\ndata: {"collection":"fulfilment_orders"}\n\n');
    expect(events).toEqual([
      { event: 'hello', data: '{"protocolVersion":1}', id: undefined },
      { event: 'changed', data: '{"collection":"fulfilment_orders"}', id: undefined },
    ]);
  });

  test('an event split across chunks, even inside a CRLF, is dispatched once, complete', () => {
    const parser = new SseParser();
    const text = 'event: changed\r\ndata: {"collection":"x"}\r\n\r\n';
    const events = [...text].flatMap((char) => parser.push(char));
    expect(events).toEqual([{ event: 'changed', data: '{"collection":"x"}', id: undefined }]);
  });

  test('multi-line data is joined with newlines; a missing event name means "message"', () => {
    const events = new SseParser().push('data: a\ndata: b\nid: 7\n\n');
    expect(events).toEqual([{ event: 'message', data: 'a\nb', id: '7' }]);
  });

  test('nothing is dispatched before the blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: changed\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toHaveLength(1);
  });

  test('CR alone also ends a line', () => {
    expect(new SseParser().push('event: changed\rdata: 1\r\r')).toEqual([{ event: 'changed', data: '1', id: undefined }]);
  });
});
