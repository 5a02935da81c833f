/** What every benchmark here needs: a free port, process CPU time, percentiles, and its own section of results.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port nobody listens on right now, for a server child. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** User + system CPU seconds a process has used (Linux /proc), or null when it is gone or unknown. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export const percentile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

/** Replaces this benchmark's section of bench/results.md (between its markers), or appends it; other sections stay as they are. */
export function writeResultsSection(start: string, end: string, section: string): void {
  const resultsPath = new URL('./results.md', import.meta.url);
  const current = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '# Benchmark results\n';
  const next = current.includes(start)
    ? current.slice(0, current.indexOf(start)) + section + current.slice(current.indexOf(end) + end.length)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(resultsPath, next);
}
