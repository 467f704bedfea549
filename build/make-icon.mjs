#!/usr/bin/env node
/**
 * Draws the app icon, build/icon.png (512×512 RGBA), with no image library: a rounded
 * dark tile holding three terminal panes side by side (the cockpit's three consoles), each
 * with a prompt chevron, the middle one lit. electron-builder derives the Windows .ico, the
 * macOS .icns and the Linux sizes from it. Re-run after changing the drawing:
 *   node build/make-icon.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
/** Samples per pixel side for anti-aliased edges. */
const SS = 4;
const TILE = { x: 16, y: 16, w: 480, h: 480, r: 104, top: [34, 38, 58], bottom: [16, 18, 28] };
const PANES = [
  { x: 72, color: [58, 66, 96] },
  { x: 202, color: [110, 86, 255] },
  { x: 332, color: [58, 66, 96] },
];
const PANE = { y: 120, w: 108, h: 272, r: 20 };
const CHEVRON = [236, 240, 255];

/** Signed distance to a rounded rectangle (negative inside), in pixels. */
function roundedRect(px, py, x, y, w, h, r) {
  const qx = Math.abs(px - (x + w / 2)) - (w / 2 - r);
  const qy = Math.abs(py - (y + h / 2)) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to the segment a–b, in pixels. */
function segment(px, py, ax, ay, bx, by) {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

/** Colour of one sample point, or null outside the tile. */
function sample(px, py) {
  if (roundedRect(px, py, TILE.x, TILE.y, TILE.w, TILE.h, TILE.r) > 0) return null;
  for (const p of PANES) {
    if (roundedRect(px, py, p.x, PANE.y, PANE.w, PANE.h, PANE.r) <= 0) {
      const cx = p.x + 30;
      const cy = PANE.y + 48;
      const onChevron = Math.min(segment(px, py, cx, cy - 14, cx + 16, cy), segment(px, py, cx + 16, cy, cx, cy + 14)) <= 5;
      const onCursor = px >= cx + 26 && px <= cx + 50 && py >= cy + 8 && py <= cy + 14;
      return onChevron || onCursor ? CHEVRON : p.color;
    }
  }
  const t = (py - TILE.y) / TILE.h;
  return TILE.top.map((c, i) => Math.round(c + (TILE.bottom[i] - c) * t));
}

function draw() {
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    rows[y * (SIZE * 4 + 1)] = 0; // PNG filter: none
    for (let x = 0; x < SIZE; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
          if (!c) continue;
          acc[0] += c[0];
          acc[1] += c[1];
          acc[2] += c[2];
          acc[3] += 1;
        }
      }
      const o = y * (SIZE * 4 + 1) + 1 + x * 4;
      if (acc[3] > 0) {
        rows[o] = Math.round(acc[0] / acc[3]);
        rows[o + 1] = Math.round(acc[1] / acc[3]);
        rows[o + 2] = Math.round(acc[2] / acc[3]);
        rows[o + 3] = Math.round((255 * acc[3]) / (SS * SS));
      }
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png(draw()));
console.log(`wrote ${out}`);
