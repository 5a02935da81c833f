import { describe, expect, test } from 'vitest';
import { WedgeDetector } from '../src/features/scan/wedge-detector.ts';

/** Feeds `text` one key every `gapMs` from `start`, then `terminator` one gap later. */
function type(detector: WedgeDetector, text: string, gapMs: number, terminator = 'Enter', start = 1_000) {
  const results = [...text].map((char, i) => detector.key(char, start + i * gapMs));
  const end = detector.key(terminator, start + text.length * gapMs);
  return { results, end };
}

describe('WedgeDetector', () => {
  test('keys a few ms apart ending in Enter are a scan', () => {
    const { results, end } = type(new WedgeDetector(), '4006381333931', 5);
    expect(results.every((r) => r.kind === 'buffering')).toBe(true);
    expect(end).toEqual({ kind: 'scan', code: '4006381333931' });
  });

  test('Tab ends a scan too', () => {
    expect(type(new WedgeDetector(), 'MUG-01', 8, 'Tab').end).toEqual({ kind: 'scan', code: 'MUG-01' });
  });

  test('human typing (120 ms per key) is not a scan', () => {
    expect(type(new WedgeDetector(), '4006381333931', 120).end).toEqual({ kind: 'ignored' });
  });

  test('35 ms apart is still a scan; 36 ms is not', () => {
    expect(type(new WedgeDetector(), '12345', 35).end.kind).toBe('scan');
    expect(type(new WedgeDetector(), '12345', 36).end.kind).toBe('ignored');
  });

  test('fewer than 4 fast keys are not a scan', () => {
    expect(type(new WedgeDetector(), 'abc', 5).end).toEqual({ kind: 'ignored' });
    expect(type(new WedgeDetector(), 'abcd', 5).end).toEqual({ kind: 'scan', code: 'abcd' });
  });

  test('a slow Enter after a fast burst is a person pressing Enter, not a scan', () => {
    const detector = new WedgeDetector();
    [...'40063813'].forEach((c, i) => detector.key(c, 1_000 + i * 5));
    expect(detector.key('Enter', 1_000 + 7 * 5 + 500)).toEqual({ kind: 'ignored' });
  });

  test('a pause restarts the burst: only the fast tail counts', () => {
    const detector = new WedgeDetector();
    detector.key('x', 0);
    detector.key('y', 300); // a person typed "xy" slowly, then the scanner fires
    const { end } = type(detector, '5012345678900', 4, 'Enter', 1_000);
    expect(end).toEqual({ kind: 'scan', code: '5012345678900' });
  });

  test('modifier keys between characters neither add to nor break a scan', () => {
    const detector = new WedgeDetector();
    detector.key('Shift', 0);
    detector.key('A', 2);
    detector.key('Shift', 4);
    detector.key('B', 6);
    detector.key('1', 8);
    detector.key('2', 10);
    expect(detector.key('Enter', 12)).toEqual({ kind: 'scan', code: 'AB12' });
  });

  test('the buffer is cleared after a scan', () => {
    const detector = new WedgeDetector();
    type(detector, '12345', 5, 'Enter', 0);
    expect(detector.key('Enter', 30)).toEqual({ kind: 'ignored' });
  });

  test('options change the thresholds', () => {
    const detector = new WedgeDetector({ maxGapMs: 60, minLength: 8 });
    expect(type(detector, '1234567', 50).end.kind).toBe('ignored');
    expect(type(detector, '12345678', 50).end.kind).toBe('scan');
  });

  describe('input events (wedges that insert text)', () => {
    test('a whole barcode inserted at once is a scan', () => {
      expect(new WedgeDetector().text('4006381333931', 0)).toEqual({ kind: 'scan', code: '4006381333931' });
    });

    test('a chunk ending in a line break completes the buffered burst', () => {
      const detector = new WedgeDetector();
      expect(detector.text('40', 0)).toEqual({ kind: 'buffering' });
      expect(detector.text('06\n', 3)).toEqual({ kind: 'scan', code: '4006' });
    });

    test('one character at a time, slowly, is typing', () => {
      const detector = new WedgeDetector();
      [...'4006'].forEach((c, i) => detector.text(c, i * 150));
      expect(detector.text('\n', 600)).toEqual({ kind: 'ignored' });
    });
  });
});
