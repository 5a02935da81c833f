import { useEffect, useRef } from 'react';
import { WedgeDetector } from './wedge-detector.ts';

/**
 * Catches scanner bursts anywhere on the page while `enabled`, e.g. after the
 * associate tapped a button and the scan field lost focus. Keys typed into
 * editable fields are theirs: the scan field handles its own input.
 */
export function useWedgeScanner(onScan: (code: string) => void, enabled = true): void {
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  });

  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector();
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) {
        detector.reset();
        return;
      }
      const result = detector.key(event.key, event.timeStamp);
      if (result.kind === 'scan') {
        // Otherwise the terminating Enter would also press the focused button.
        event.preventDefault();
        onScanRef.current(result.code);
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}
