#!/usr/bin/env node
/**
 * Runs before `ng build` (`npm run build:frontend`): cuts the Material Symbols Outlined font
 * (about 4 MB, every icon) down to the icons listed in `frontend/icons.json`, and writes it
 * with its stylesheet to `frontend/generated/icons/` (not in git), which `angular.json`
 * bundles in place of the package's own stylesheet.
 *
 * The icons are written as ligatures (`<mat-icon>folder</mat-icon>`): the font turns the
 * letters of a name into the icon's glyph. A subset by text alone would keep every ligature
 * spelled with the letters a–z and `_` (all of them), so the subset is taken without layout
 * closure: it keeps the letters, and the glyph of each listed icon by its private-use code
 * point (the code point the font maps to the same glyph as the ligature); the ligature
 * lookups then keep only the ligatures whose glyph is kept. Variation axes (fill, weight,
 * grade, optical size) stay. The font's code points are read with HarfBuzz (harfbuzzjs), the
 * subset is made by HarfBuzz's subsetter (subset-font).
 *
 * Skips the work when the output is already made from the same list and font (a stamp file).
 * Exits with status 1, naming the icon, when a listed name is not an icon of the font.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The checked list of icon names the renderer uses. */
export const ICON_LIST = join(ROOT, 'frontend', 'icons.json');
/** The full font of the `material-symbols` package. */
export const FULL_FONT = join(ROOT, 'node_modules', 'material-symbols', 'material-symbols-outlined.woff2');
/** Where the subset font and its stylesheet go. */
export const OUT_DIR = join(ROOT, 'frontend', 'generated', 'icons');
const OUT_FONT = 'material-symbols-outlined.woff2';
const OUT_CSS = 'outlined.css';
const STAMP = 'stamp.txt';
/** Characters the icon names are spelled with: the ligatures need them as glyphs. */
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_';
/** First code point of the Unicode private use area, where the font puts one code point per icon. */
const PRIVATE_USE_START = 0xe000;

/**
 * The icon names of `frontend/icons.json` (`{ "icons": ["add", …] }`).
 * @throws Error when the file is not such a list of lowercase names
 */
export function readIconList(file = ICON_LIST) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const icons = data?.icons;
  if (!Array.isArray(icons) || !icons.every((n) => typeof n === 'string' && /^[a-z0-9_]+$/.test(n))) {
    throw new Error(`${file}: "icons" must be a list of icon names such as "check_circle" (lowercase letters, digits and _).`);
  }
  return [...new Set(icons)].sort();
}

/**
 * Loads harfbuzzjs on a font. @param {Uint8Array} ttf a TrueType font
 * @returns {{ glyphsOf(text: string): number[] }} the glyph ids `text` shapes to
 */
async function shaper(ttf) {
  const hb = await import('harfbuzzjs');
  const face = new hb.Face(new hb.Blob(ttf));
  const font = new hb.Font(face);
  return {
    face,
    glyphsOf(text) {
      const buffer = new hb.Buffer();
      buffer.addText(text);
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      return buffer.getGlyphInfos().map((g) => g.codepoint);
    },
  };
}

/**
 * The subset of a Material Symbols font that draws `names` (as ligatures and by code point).
 * @param {Uint8Array} woff2 the full font
 * @param {string[]} names icon names
 * @returns {Promise<Uint8Array>} the subset, as WOFF2
 * @throws Error naming every name that is not one glyph of the font
 */
export async function subsetIcons(woff2, names) {
  const { default: fontverter } = await import('fontverter');
  const { default: subsetFont } = await import('subset-font');
  const ttf = await fontverter.convert(woff2, 'truetype');
  const { face, glyphsOf } = await shaper(ttf);
  const codePointOfGlyph = new Map();
  for (const u of Array.from(face.collectUnicodes())) {
    if (u < PRIVATE_USE_START) continue;
    const [glyph, ...rest] = glyphsOf(String.fromCodePoint(u));
    if (glyph !== undefined && rest.length === 0 && !codePointOfGlyph.has(glyph)) codePointOfGlyph.set(glyph, u);
  }
  let text = NAME_CHARS;
  const unknown = [];
  for (const name of names) {
    const glyphs = glyphsOf(name);
    const codePoint = glyphs.length === 1 ? codePointOfGlyph.get(glyphs[0]) : undefined;
    if (codePoint === undefined) unknown.push(name);
    else text += String.fromCodePoint(codePoint);
  }
  if (unknown.length) throw new Error(`Not an icon of Material Symbols Outlined: ${unknown.join(', ')}. Fix the name in frontend/icons.json (see fonts.google.com/icons).`);
  return new Uint8Array(await subsetFont(Buffer.from(woff2), text, { targetFormat: 'woff2', noLayoutClosure: true }));
}

/**
 * The glyph ids each name shapes to in `woff2` (one id: drawn as its icon; several: drawn as
 * letters). For tests.
 * @returns {Promise<Map<string, number[]>>}
 */
export async function shapeNames(woff2, names) {
  const { default: fontverter } = await import('fontverter');
  const { glyphsOf } = await shaper(await fontverter.convert(Buffer.from(woff2), 'truetype'));
  return new Map(names.map((n) => [n, glyphsOf(n)]));
}

/** The package's stylesheet with its `src` pointed at the subset. */
function stylesheet() {
  const css = readFileSync(join(dirname(FULL_FONT), 'outlined.css'), 'utf8');
  if (!css.includes(`./${OUT_FONT}`)) throw new Error(`material-symbols/outlined.css no longer names ./${OUT_FONT}: update scripts/subset-icons.mjs.`);
  return `/* Generated by scripts/subset-icons.mjs from material-symbols/outlined.css: the font is cut to frontend/icons.json. */\n${css}`;
}

/** Writes the subset font and its stylesheet to {@link OUT_DIR} unless they are current. */
export async function writeSubset() {
  const names = readIconList();
  const woff2 = readFileSync(FULL_FONT);
  const pkg = JSON.parse(readFileSync(join(dirname(FULL_FONT), 'package.json'), 'utf8'));
  const stamp = createHash('sha256').update(JSON.stringify({ names, version: pkg.version, script: readFileSync(fileURLToPath(import.meta.url)) .toString() })).digest('hex');
  const stampFile = join(OUT_DIR, STAMP);
  if (existsSync(stampFile) && existsSync(join(OUT_DIR, OUT_FONT)) && readFileSync(stampFile, 'utf8') === stamp) return;
  const subset = await subsetIcons(woff2, names);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, OUT_FONT), subset);
  writeFileSync(join(OUT_DIR, OUT_CSS), stylesheet());
  writeFileSync(stampFile, stamp);
  console.log(`Icons: ${names.length} of Material Symbols Outlined, ${(subset.byteLength / 1024).toFixed(0)} KiB (full font ${(woff2.byteLength / 1024 / 1024).toFixed(1)} MiB).`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeSubset().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
