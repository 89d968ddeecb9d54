// Draws the app and tray icons as PNG files with nothing but node:zlib, so they can be regenerated anywhere:
//   node resources/make-icons.mjs
// The picture: a rounded dark-green tile with a light-green canopy (three overlapping circles) on a trunk,
// and three short white bars below for the batches. Anti-aliased by 4x4 supersampling.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const TILE = [22, 101, 52];
const CANOPY = [134, 239, 172];
const TRUNK = [120, 80, 50];
const BAR = [255, 255, 255];

/** Colour at a point of the unit square (0..1), or null for transparent. Later shapes paint over earlier ones. */
function shade(x, y, { simple }) {
  if (!insideRoundedSquare(x, y, 0.04, 0.2)) return null;
  let colour = TILE;
  if (insideRect(x, y, 0.46, 0.42, 0.54, 0.66)) colour = TRUNK;
  const circles = simple
    ? [[0.5, 0.38, 0.26]]
    : [
        [0.36, 0.42, 0.17],
        [0.64, 0.42, 0.17],
        [0.5, 0.3, 0.2],
      ];
  if (circles.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r)) colour = CANOPY;
  const bars = simple ? [[0.2, 0.72, 0.8, 0.84]] : [[0.22, 0.7, 0.38, 0.78], [0.42, 0.7, 0.58, 0.78], [0.62, 0.7, 0.78, 0.78]];
  if (bars.some(([x0, y0, x1, y1]) => insideRect(x, y, x0, y0, x1, y1))) colour = BAR;
  return colour;
}

function insideRect(x, y, x0, y0, x1, y1) {
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin + radius;
  const hi = 1 - margin - radius;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  return x >= margin && x <= 1 - margin && y >= margin && y <= 1 - margin && (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
}

function render(size, options) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, options);
          if (!colour) continue;
          r += colour[0]; g += colour[1]; b += colour[2]; a += 1;
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        rgba[offset] = Math.round(r / a);
        rgba[offset + 1] = Math.round(g / a);
        rgba[offset + 2] = Math.round(b / a);
      }
      rgba[offset + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return encodePng(size, size, rgba);
}

function encodePng(width, height, rgba) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
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

const outputs = [
  ['icon.png', 512, { simple: false }],
  ['tray.png', 16, { simple: true }],
  ['tray@2x.png', 32, { simple: true }],
];
for (const [name, size, options] of outputs) {
  writeFileSync(join(here, name), render(size, options));
  console.log(`wrote resources/${name} (${size}x${size})`);
}
