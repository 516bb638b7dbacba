// Draws images/icon.png (128×128): seven ascending steps, one per maturity stage. `node scripts/make-icon.mjs`
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a]) => {
  const offset = (y * size + x) * 4;
  pixels.set([r, g, b, a], offset);
};
const background = [29, 53, 87, 255];
const steps = [
  [69, 123, 157],
  [79, 140, 170],
  [96, 160, 180],
  [120, 180, 185],
  [150, 200, 185],
  [190, 220, 180],
  [230, 57, 70],
];
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const corner = 22;
    const dx = Math.max(corner - x, x - (size - 1 - corner), 0);
    const dy = Math.max(corner - y, y - (size - 1 - corner), 0);
    if (dx * dx + dy * dy <= corner * corner) set(x, y, background);
  }
}
steps.forEach((color, index) => {
  const width = 12;
  const left = 14 + index * 14;
  const height = 16 + index * 12;
  for (let y = 110 - height; y < 110; y++)
    for (let x = left; x < left + width; x++) set(x, y, [...color, 255]);
});

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc(body));
  return Buffer.concat([length, body, checksum]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8);
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
