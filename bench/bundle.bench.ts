/**
 * Initial JavaScript of the PWA, gzip (issue 6: ≤ 300 KiB). Not a test: run from the repo root with
 *
 *   node --import tsx bench/bundle.bench.ts [--no-build]
 *
 * It builds the PWA (unless --no-build), reads `apps/pwa/dist/index.html`, and
 * counts what the browser must fetch and run before the first screen: every
 * `<script type="module" src>` and `<link rel="modulepreload">` in the page,
 * plus the static imports those chunks pull in (followed through the built
 * files, since the bundler may split them). Lazily imported chunks
 * (`import()`) are listed separately and do not count. Sizes are gzip level 9
 * of the exact bytes served. It rewrites its own section of bench/results.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { writeResultsSection } from './support.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = path.join(ROOT, 'apps/pwa/dist');
const TARGET_KIB = 300;

const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
if (!values['no-build']) execFileSync('npm', ['run', 'build', '-w', 'apps/pwa'], { cwd: ROOT, stdio: 'inherit' });

const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
const entryUrls = [
  ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
  ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
];
const fileOf = (url: string) => path.join(DIST, url.replace(/^\//, ''));

/** Static imports of a built chunk (`import … from "./x.js"` / `import "./x.js"`), not `import()`. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) found.add(path.resolve(path.dirname(file), m[1]!));
  return [...found];
}
function dynamicImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  // The bundler may quote the specifier with backticks.
  return [...code.matchAll(/import\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

const initial = new Set<string>();
const queue = entryUrls.map(fileOf);
while (queue.length > 0) {
  const file = queue.shift()!;
  if (initial.has(file) || !existsSync(file)) continue;
  initial.add(file);
  queue.push(...staticImports(file));
}
const lazy = new Set<string>();
for (const file of initial) for (const d of dynamicImports(file)) if (!initial.has(d)) lazy.add(d);

const kib = (n: number) => n / 1024;
const measure = (file: string) => {
  const bytes = readFileSync(file);
  return { file: path.relative(DIST, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const initialRows = [...initial].map(measure).sort((a, b) => b.gzip - a.gzip);
const lazyRows = [...lazy].map(measure).sort((a, b) => b.gzip - a.gzip);
const allJs = readdirSync(path.join(DIST, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => statSync(path.join(DIST, 'assets', f)).size)
  .reduce((a, b) => a + b, 0);
const css = readdirSync(path.join(DIST, 'assets'))
  .filter((f) => f.endsWith('.css'))
  .map((f) => measure(path.join(DIST, 'assets', f)));
const total = initialRows.reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip }), { raw: 0, gzip: 0 });
const met = kib(total.gzip) <= TARGET_KIB;

const row = (r: { file: string; raw: number; gzip: number }) => `| \`${r.file}\` | ${kib(r.raw).toFixed(1)} | ${kib(r.gzip).toFixed(1)} |`;
const table = [
  '| initial JavaScript | raw (KiB) | gzip -9 (KiB) |',
  '|---|---:|---:|',
  ...initialRows.map(row),
  `| **total, before the first screen** | **${kib(total.raw).toFixed(1)}** | **${kib(total.gzip).toFixed(1)}** |`,
].join('\n');
const verdict = `Target ≤ ${TARGET_KIB} KiB gzip: **${met ? 'met' : 'not met'}** (${kib(total.gzip).toFixed(1)} KiB).`;
const rest = [
  lazyRows.length > 0 ? `Loaded later, on demand (not counted): ${lazyRows.map((r) => `\`${r.file}\` ${kib(r.gzip).toFixed(1)} KiB`).join(', ')}.` : 'No lazily loaded chunks.',
  `CSS (not JavaScript, listed for completeness): ${css.map((r) => `\`${r.file}\` ${kib(r.gzip).toFixed(1)} KiB gzip`).join(', ')}.`,
  `All JavaScript in \`dist/assets\`, raw: ${kib(allJs).toFixed(1)} KiB. The service worker (\`sw.js\`, Workbox) installs after the first screen and is not counted.`,
].join('\n');

console.log(`${table}\n\n${verdict}\n${rest}`);

const date = new Date().toISOString().slice(0, 10);
const START = '<!-- bundle:start -->';
const END = '<!-- bundle:end -->';
const section = `${START}
## PWA initial JavaScript (issue 6)

\`node --import tsx bench/bundle.bench.ts\` — ${date}, ${cpus().length} cores, Node ${process.version}; 1-minute load average ${loadavg()[0]!.toFixed(2)} (sizes do not depend on it).
What the browser fetches and runs before the first screen: the module scripts and modulepreloads of \`index.html\` and every chunk they import statically; gzip level 9 of the bytes served.

${table}

${verdict}
${rest}
${END}`;
writeResultsSection(START, END, section);
