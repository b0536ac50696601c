#!/usr/bin/env node
// Draws Branch Desk's own icon and the NSIS installer's images into resources/build/, from code,
// so the artwork is reproducible and reviewable: `node scripts/make-icons.mjs`.
//
// The design is original: a ledger (a white page with three ruled lines) on a teal-to-blue
// rounded square, with an amber tab at its top right, a bookmark for "the day's work". It is not
// the national emblem, a shield or any agency's logo.
//
// Outputs: icon.png (512 px), icon.ico (16, 24, 32, 48, 64, 128 and 256 px; the small sizes as
// 32-bit DIBs, 256 px as PNG, as Windows expects), installerHeader.bmp (150×57),
// installerSidebar.bmp and uninstallerSidebar.bmp (164×314), all 24-bit BMPs for NSIS.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(root, 'resources', 'build');
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const TEAL = [15, 118, 110];
const BLUE = [30, 64, 175];
const WHITE = [255, 255, 255];
const AMBER = [245, 158, 11];
const INK = [30, 64, 120];

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

/** Signed distance to a rounded rectangle centred at (cx, cy), half sizes hw, hh, corner r. */
function roundRect(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The icon in unit coordinates (0..1): the colour and coverage of one sample. */
function iconSample(x, y) {
  const layers = [];
  // Background: the rounded square with a diagonal gradient.
  if (roundRect(x, y, 0.5, 0.5, 0.47, 0.47, 0.2) <= 0) layers.push(mix(TEAL, BLUE, clamp((x + y) / 2, 0, 1)));
  else return null;
  // The page, slightly left of centre so the tab has room.
  const page = roundRect(x, y, 0.48, 0.52, 0.24, 0.29, 0.04);
  if (page <= 0) {
    layers.push(WHITE);
    // Three ruled lines, the last one shorter.
    const lines = [
      [0.39, 0.3],
      [0.5, 0.3],
      [0.61, 0.2],
    ];
    for (const [ly, len] of lines) {
      if (Math.abs(y - ly) < 0.028 && x > 0.33 && x < 0.33 + len) layers.push(INK);
    }
  }
  // The tab: an amber bookmark over the page's top right, with a notch at its foot.
  const inTab = x > 0.6 && x < 0.72 && y > 0.17 && y < 0.46 && !(y > 0.38 && Math.abs(x - 0.66) < (y - 0.38) * 0.75);
  if (inTab) layers.push(AMBER);
  return layers[layers.length - 1];
}

/** RGBA pixels of size×size, 4×4 supersampled. */
export function renderIcon(size) {
  const px = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sj = 0; sj < n; sj++) {
        for (let si = 0; si < n; si++) {
          const c = iconSample((i + (si + 0.5) / n) / size, (j + (sj + 0.5) / n) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = (j * size + i) * 4;
      if (a) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return px;
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export function encodePng(width, height, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO entry's image as a 32-bit DIB: BGRA bottom-up, then the 1-bit AND mask. */
function encodeDib(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour + mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4;
      const d = ((size - 1 - y) * size + x) * 4;
      pixels[d] = rgba[s + 2];
      pixels[d + 1] = rgba[s + 1];
      pixels[d + 2] = rgba[s];
      pixels[d + 3] = rgba[s + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (rgba[(y * size + x) * 4 + 3] === 0) mask[(size - 1 - y) * maskRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

export function encodeIco(images) {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(1, 2); // type: icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach(({ size, data }, k) => {
    const e = 6 + 16 * k;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([dir, ...images.map((i) => i.data)]);
}

/** A 24-bit BMP from a colour function over pixel coordinates. */
export function encodeBmp(width, height, colour) {
  const row = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + row * height);
  buf.write('BM', 0, 'ascii');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(row * height, 34);
  buf.writeInt32LE(2835, 38);
  buf.writeInt32LE(2835, 42);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y).map((v) => Math.round(clamp(v, 0, 255)));
      const o = 54 + (height - 1 - y) * row + x * 3;
      buf[o] = b;
      buf[o + 1] = g;
      buf[o + 2] = r;
    }
  }
  return buf;
}

/** Composite the icon (rendered at `size`) over a background at (ox, oy). */
function withIcon(background, size, ox, oy) {
  const icon = renderIcon(size);
  return (x, y) => {
    const bg = background(x, y);
    const i = x - ox,
      j = y - oy;
    if (i < 0 || j < 0 || i >= size || j >= size) return bg;
    const o = (j * size + i) * 4;
    const a = icon[o + 3] / 255;
    return mix(bg, [icon[o], icon[o + 1], icon[o + 2]], a);
  };
}

export function makeAll(outDir = OUT_DIR) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'icon.png'), encodePng(512, 512, renderIcon(512)));
  const images = ICO_SIZES.map((size) => {
    const rgba = renderIcon(size);
    return { size, data: size >= 256 ? encodePng(size, size, rgba) : encodeDib(size, rgba) };
  });
  fs.writeFileSync(path.join(outDir, 'icon.ico'), encodeIco(images));
  // Header: white with a teal rule along the foot and the icon at the right.
  const header = withIcon((x, y) => (y >= 54 ? TEAL : mix(WHITE, [236, 246, 245], x / 150)), 44, 100, 6);
  fs.writeFileSync(path.join(outDir, 'installerHeader.bmp'), encodeBmp(150, 57, header));
  // Sidebar: the background gradient, ruled lines like the ledger's, the icon near the top.
  const sidebar = withIcon(
    (x, y) => {
      const base = mix(TEAL, BLUE, clamp(y / 314 + x / 800, 0, 1));
      const ruled = y > 150 && (y - 150) % 22 < 2 && x > 24 && x < 140;
      return ruled ? mix(base, WHITE, 0.18) : base;
    },
    96,
    34,
    36,
  );
  const sidebarBmp = encodeBmp(164, 314, sidebar);
  fs.writeFileSync(path.join(outDir, 'installerSidebar.bmp'), sidebarBmp);
  fs.writeFileSync(path.join(outDir, 'uninstallerSidebar.bmp'), sidebarBmp);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  makeAll();
  console.log(`icons written to ${path.relative(root, OUT_DIR)}/`);
}
