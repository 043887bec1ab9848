// Draws images/icon.png: an Andon light tower (red, yellow, green lamps on a
// dark rounded plate), 128×128, with no dependencies beyond node:zlib.
// Run `npm run icon` to regenerate; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const samples = 4; // supersampling per axis, for smooth edges

const plate = { x0: 30, y0: 6, x1: 98, y1: 122, radius: 18, colour: [38, 42, 51] };
const lamps = [
  { cx: 64, cy: 30, r: 17, colour: [230, 57, 70] },
  { cx: 64, cy: 64, r: 17, colour: [244, 190, 40] },
  { cx: 64, cy: 98, r: 17, colour: [46, 184, 92] },
];

function insideRoundedRect(x, y, { x0, y0, x1, y1, radius }) {
  const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
  const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** The colour (RGBA) of one sample point. */
function sample(x, y) {
  for (const lamp of lamps) {
    const d2 = (x - lamp.cx) ** 2 + (y - lamp.cy) ** 2;
    if (d2 <= lamp.r ** 2) {
      // A soft highlight towards the upper left makes the lamp read as lit.
      const hx = x - (lamp.cx - lamp.r * 0.35);
      const hy = y - (lamp.cy - lamp.r * 0.35);
      const shine = Math.max(0, 1 - Math.sqrt(hx * hx + hy * hy) / (lamp.r * 0.9)) * 0.45;
      return [...lamp.colour.map((c) => c + (255 - c) * shine), 255];
    }
  }
  if (insideRoundedRect(x, y, plate)) {
    return [...plate.colour, 255];
  }
  return [0, 0, 0, 0];
}

const rows = [];
for (let py = 0; py < size; py++) {
  const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
  for (let px = 0; px < size; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const rgba = sample(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
        // Premultiply so edges blend against transparency without dark fringes.
        for (let i = 0; i < 3; i++) sum[i] += rgba[i] * rgba[3];
        sum[3] += rgba[3];
      }
    }
    const alpha = sum[3] / (samples * samples);
    for (let i = 0; i < 3; i++) {
      row[1 + px * 4 + i] = sum[3] === 0 ? 0 : Math.round(sum[i] / sum[3]);
    }
    row[1 + px * 4 + 3] = Math.round(alpha);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
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

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // colour type RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
