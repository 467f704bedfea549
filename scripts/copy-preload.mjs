#!/usr/bin/env node
/**
 * Runs after `tsc -p tsconfig.node.json` (`npm run build:node`). Nothing needs copying:
 * tsc already emits `electron/preload.cts` as `dist/node/electron/preload.cjs`, next to
 * `main.js`, which loads it from there. What this step does is guard the sandbox rule: a
 * sandboxed preload can `require('electron')` and nothing else, so a preload that requires
 * any other module would load in development tools and fail in the window. The build
 * fails here instead, naming the offending module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const preload = join(root, 'dist', 'node', 'electron', 'preload.cjs');
/** Modules a sandboxed preload may require. */
const ALLOWED = new Set(['electron']);

if (!existsSync(preload)) {
  console.error(`copy-preload: ${preload} is missing; tsc should have emitted it from electron/preload.cts.`);
  process.exit(1);
}
const required = [...readFileSync(preload, 'utf8').matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
const forbidden = required.filter((m) => !ALLOWED.has(m));
if (forbidden.length > 0) {
  console.error(
    `copy-preload: the preload requires ${forbidden.map((m) => `"${m}"`).join(', ')}; a sandboxed preload may only require "electron". ` +
      'Import types with `import type`, and repeat constants as literals (see electron/preload.cts).',
  );
  process.exit(1);
}
