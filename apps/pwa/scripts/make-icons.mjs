// Draws Aisle's app icons as PNG files in public/icons/.
// The machine has no image tools, so shapes are rasterised here (4×4
// supersampling for smooth edges) and encoded with node:zlib. Run with
// `npm run icons -w @aisle/pwa` after changing the design; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const TEAL = [15, 118, 110, 255];
const WHITE = [255, 255, 255, 255];
const AMBER = [251, 191, 36, 255];
const CLEAR = [0, 0, 0, 0];

// The design lives in a 512-unit square; the favicon.svg draws the same shapes.
const STROKE = 58;
const A_LEFT = [[256, 112], [152, 382]];
const A_RIGHT = [[256, 112], [360, 382]];
const A_BAR = [[196, 292], [316, 292]];
const SHELF = [[150, 436], [362, 436]];

function distanceToSegment(px, py, [[ax, ay], [bx, by]]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), 512 - radius);
  const cy = Math.min(Math.max(y, radius), 512 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** Colour of the design at one point; `scale` shrinks the glyph toward the centre (maskable safe zone). */
function colourAt(x, y, { fullBleed, scale }) {
  if (!fullBleed && !insideRoundedSquare(x, y, 104)) return CLEAR;
  const gx = 256 + (x - 256) / scale;
  const gy = 272 + (y - 256) / scale;
  const half = STROKE / 2;
  if (distanceToSegment(gx, gy, SHELF) <= half * 0.6) return AMBER;
  if (
    distanceToSegment(gx, gy, A_LEFT) <= half ||
    distanceToSegment(gx, gy, A_RIGHT) <= half ||
    distanceToSegment(gx, gy, A_BAR) <= half * 0.8
  ) {
    return WHITE;
  }
  return TEAL;
}

function render(size, options) {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size) * 512;
          const y = ((py + (sy + 0.5) / samples) / size) * 512;
          const c = colourAt(x, y, options);
          // Premultiply so transparent samples do not darken anti-aliased edges.
          acc[0] += c[0] * c[3];
          acc[1] += c[1] * c[3];
          acc[2] += c[2] * c[3];
          acc[3] += c[3];
        }
      }
      const o = (py * size + px) * 4;
      const alpha = acc[3] / (samples * samples);
      pixels[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
      pixels[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
      pixels[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Each scanline starts with filter type 0 (none); deflate does the work.
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
mkdirSync(outDir, { recursive: true });

const icons = [
  { file: 'icon-192.png', size: 192, fullBleed: false, scale: 1 },
  { file: 'icon-512.png', size: 512, fullBleed: false, scale: 1 },
  // Maskable icons are cropped to a circle of 80 % of their size by some launchers.
  { file: 'icon-maskable-512.png', size: 512, fullBleed: true, scale: 0.72 },
  // iOS paints transparency black, so the touch icon is full-bleed.
  { file: 'apple-touch-icon-180.png', size: 180, fullBleed: true, scale: 0.84 },
];

for (const { file, size, ...options } of icons) {
  writeFileSync(join(outDir, file), render(size, options));
  console.log(`wrote public/icons/${file}`);
}
