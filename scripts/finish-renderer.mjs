#!/usr/bin/env node
/**
 * Runs after `ng build` (`npm run build:frontend`, `build:frontend:test`) on the built
 * renderer (`dist/frontend/browser`, or the folder given as the first argument):
 *
 * 1. Preloads the fonts of the first screen. The stylesheet's `@font-face` rules make the
 *    browser ask for a font only once an element uses it, i.e. after the main script has run
 *    (~0.6 s into a start here); a `<link rel="preload">` in `index.html` fetches them beside
 *    the main script instead. Only the Latin subset of the families and weights the first
 *    screen draws is preloaded (a preloaded font the page does not use is a wasted fetch and a
 *    console warning).
 * 2. Writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy beside every text
 *    file of at least {@link MIN_BYTES} bytes, so the browser-mode server sends them as they
 *    are (`backend/transport/static-files.ts`) instead of compressing each response: brotli at
 *    the quality a server can afford per request (4) takes ~70 ms for the 1.6 MB main script
 *    here and gives 412 KB; quality 11 gives 335 KB, once, at build time.
 *
 * Exits with status 1 naming the problem when the folder has no index.html or stylesheet.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = process.argv[2] ?? join(ROOT, 'dist', 'frontend', 'browser');

/**
 * Font families and weights the first screen draws (top bar and sidebar in Roboto 400/500,
 * icons, the console in JetBrains Mono 400 and bold 700); weight null: any.
 */
const FIRST_SCREEN_FONTS = [
  { family: 'Roboto', weight: '400' },
  { family: 'Roboto', weight: '500' },
  { family: 'JetBrains Mono', weight: '400' },
  { family: 'JetBrains Mono', weight: '700' },
  { family: 'Material Symbols Outlined', weight: null },
];
/** Code point that marks the Latin subset of a family split by `unicode-range` ("A"). */
const LATIN_PROBE = 0x41;
/** Files below this size are sent as they are: the server's compression threshold, bytes. */
const MIN_BYTES = 1024;
/** Extensions of files worth compressing (woff2 and images are compressed already). */
const TEXT_EXTENSIONS = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map', '.woff', '.ttf']);
/** Marks the preload links this script wrote, so a second run replaces them. */
const MARK = 'data-cx-preload';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

function fail(message) {
  process.stderr.write(`finish-renderer: ${message}\n`);
  process.exit(1);
}

/** The `@font-face` rules of `css` as { family, weight, url (first woff2), covers(cp) }. */
function fontFaces(css) {
  const faces = [];
  for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = m[1];
    const prop = (name) => body.match(new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;]+)`))?.[1]?.trim() ?? null;
    const family = prop('font-family')?.replace(/^["']|["']$/g, '');
    const url = body.match(/url\(["']?([^"')]+\.woff2)["']?\)/)?.[1];
    if (!family || !url) continue;
    const range = prop('unicode-range');
    const spans = range
      ? range.split(',').map((r) => {
          const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
          return [parseInt(a, 16), parseInt(b ?? a, 16)];
        })
      : null;
    faces.push({ family, weight: prop('font-weight'), url, covers: (cp) => spans === null || spans.some(([a, b]) => cp >= a && cp <= b) });
  }
  return faces;
}

function preloadFonts() {
  const indexFile = join(DIR, 'index.html');
  let html;
  try {
    html = readFileSync(indexFile, 'utf8');
  } catch {
    fail(`${indexFile} is missing: run ng build first`);
  }
  const cssFile = readdirSync(DIR).find((f) => /^styles.*\.css$/.test(f));
  if (!cssFile) fail(`no styles*.css in ${DIR}`);
  const faces = fontFaces(readFileSync(join(DIR, cssFile), 'utf8'));
  const urls = [];
  for (const want of FIRST_SCREEN_FONTS) {
    const face = faces.find((f) => f.family === want.family && (want.weight === null || f.weight === want.weight) && f.covers(LATIN_PROBE));
    if (!face) fail(`no @font-face for ${want.family} ${want.weight ?? ''} covering Latin in ${cssFile}`);
    urls.push(face.url.replace(/^\.\//, ''));
  }
  const links = urls.map((u) => `<link rel="preload" href="${u}" as="font" type="font/woff2" crossorigin ${MARK}>`).join('');
  const cleaned = html.replace(new RegExp(`<link [^>]*${MARK}>`, 'g'), '');
  writeFileSync(indexFile, cleaned.replace('</head>', `${links}</head>`));
  return urls.length;
}

/** Every file below `dir` as { path, size (bytes) }. */
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) yield* files(path);
    else yield { path, size: st.size };
  }
}

async function precompress() {
  const todo = [...files(DIR)].filter((f) => TEXT_EXTENSIONS.has(extname(f.path)) && f.size >= MIN_BYTES).map((f) => f.path);
  let before = 0;
  let after = 0;
  await Promise.all(
    todo.map(async (f) => {
      const data = readFileSync(f);
      const [br, gzipped] = await Promise.all([
        brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
        gz(data, { level: 9 }),
      ]);
      writeFileSync(`${f}.br`, br);
      writeFileSync(`${f}.gz`, gzipped);
      before += data.length;
      after += br.length;
    }),
  );
  return { count: todo.length, before, after };
}

const fonts = preloadFonts();
const { count, before, after } = await precompress();
process.stdout.write(
  `finish-renderer: ${relative(ROOT, DIR) || DIR}: ${fonts} fonts preloaded; ${count} files precompressed, ${(before / 1e6).toFixed(2)} MB → ${(after / 1e6).toFixed(2)} MB (brotli)\n`,
);
