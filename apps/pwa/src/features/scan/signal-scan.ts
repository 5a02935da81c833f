export type ScanSignal = 'ok' | 'error';

let audio: AudioContext | null = null;

/**
 * Sound and vibration for a scan result, so the associate need not look at
 * the screen. Every browser API here may be missing or refuse (no audio
 * before a user gesture, no vibration on desktop): failures are silent.
 */
export function signalScan(kind: ScanSignal): void {
  vibrate(kind);
  beep(kind);
}

function vibrate(kind: ScanSignal): void {
  try {
    if (typeof navigator.vibrate === 'function') navigator.vibrate(kind === 'ok' ? 40 : [120, 60, 120]);
  } catch {
    // Not allowed (no user activation yet) or not supported.
  }
}

function beep(kind: ScanSignal): void {
  try {
    if (typeof AudioContext === 'undefined') return;
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    const start = audio.currentTime;
    const length = kind === 'ok' ? 0.09 : 0.35;
    oscillator.type = kind === 'ok' ? 'sine' : 'square';
    oscillator.frequency.setValueAtTime(kind === 'ok' ? 1760 : 196, start);
    gain.gain.setValueAtTime(0.08, start);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + length);
  } catch {
    // No audio output; the visual feedback still shows.
  }
}
