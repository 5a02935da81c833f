/**
 * Tells keyboard-wedge scanner bursts from human typing. A wedge scanner
 * "types" the barcode a few milliseconds per key and ends with Enter or Tab;
 * people type about 120 ms per key. Timestamps are passed in, so the class
 * is pure and tests need no clock.
 *
 *   idle ──printable key──▶ buffering ──key ≤ maxGapMs later──▶ buffering
 *                              │  └──key > maxGapMs later──▶ buffering (restarted with that key)
 *                              └──Enter/Tab ≤ maxGapMs later──▶ scan if ≥ minLength keys, else idle
 */
export interface WedgeDetectorOptions {
  /** Largest gap between two keys of one scan. */
  maxGapMs: number;
  /** Fewer keys than this is typing, not a barcode. */
  minLength: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeDetectorOptions = { maxGapMs: 35, minLength: 4 };

export type WedgeResult =
  /** A complete scan: the caller should swallow the terminating key (preventDefault). */
  | { kind: 'scan'; code: string }
  /** The key may belong to a scan in progress. */
  | { kind: 'buffering' }
  /** Nothing to do with a scan. */
  | { kind: 'ignored' };

const TERMINATORS = new Set(['Enter', 'Tab']);

export class WedgeDetector {
  readonly #options: WedgeDetectorOptions;
  #buffer = '';
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<WedgeDetectorOptions> = {}) {
    this.#options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  /** Feed one `keydown`: its `key` and its time in ms. */
  key(key: string, at: number): WedgeResult {
    const fast = at - this.#lastAt <= this.#options.maxGapMs;
    if (TERMINATORS.has(key)) {
      const code = this.#buffer;
      this.reset();
      return fast && code.length >= this.#options.minLength ? { kind: 'scan', code } : { kind: 'ignored' };
    }
    // Shift, Alt and friends arrive between a scanner's characters; they neither add nor break a burst.
    if (key.length !== 1) return this.#buffer ? { kind: 'buffering' } : { kind: 'ignored' };
    this.#buffer = fast ? this.#buffer + key : key;
    this.#lastAt = at;
    return { kind: 'buffering' };
  }

  /**
   * Feed text from an `input` event. Some Android wedges insert the whole
   * barcode as text instead of sending key codes; a keyboard never inserts
   * several characters in one event, so a chunk of at least `minLength`
   * characters (without line breaks) is a scan. A chunk ending in a line
   * break or tab completes whatever was buffered.
   */
  text(chunk: string, at: number): WedgeResult {
    const terminated = /[\r\n\t]$/.test(chunk);
    const body = chunk.replace(/[\r\n\t]+/g, '');
    if (!terminated) {
      if (body.length >= this.#options.minLength) {
        this.reset();
        return { kind: 'scan', code: body };
      }
      for (const char of body) this.key(char, at);
      return body ? { kind: 'buffering' } : { kind: 'ignored' };
    }
    for (const char of body) this.key(char, at);
    return this.key('Enter', at);
  }

  reset(): void {
    this.#buffer = '';
    this.#lastAt = Number.NEGATIVE_INFINITY;
  }
}
