#!/usr/bin/env node
// The `cortex` CLI launcher (package.json "bin"). Runs the compiled CLI
// (dist/node/cli/main.js) when it is built and no source file it loads is newer
// than its compiled form; otherwise runs the TypeScript sources through tsx, so a checkout
// works before and between builds. Works from any cwd. Exit codes: see docs/API.md.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'node');
const COMPILED = join(DIST, 'cli', 'main.js');
const SOURCE = join(ROOT, 'cli', 'main.ts');
// Relative imports in compiled ES modules: `from './x.js'`, `import './x.js'`, `import('./x.js')`.
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g;

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * True when `entry` exists and, following its relative imports, no compiled module is
 * older than its TypeScript source. A module without a source (an installed package
 * ships no backend/) counts as fresh.
 */
function isBuildFresh(entry) {
  const seen = new Set();
  const todo = [entry];
  while (todo.length) {
    const js = todo.pop();
    if (seen.has(js)) continue;
    seen.add(js);
    let text;
    try {
      text = readFileSync(js, 'utf8');
    } catch {
      return false;
    }
    if (js.endsWith('.js')) {
      const source = join(ROOT, relative(DIST, js)).replace(/\.js$/, '.ts');
      if (mtime(source) > mtime(js)) return false;
    }
    for (const m of text.matchAll(RELATIVE_IMPORT)) {
      if (m[1].endsWith('.js')) todo.push(resolve(dirname(js), m[1]));
    }
  }
  return true;
}

async function load() {
  if (isBuildFresh(COMPILED)) return import(pathToFileURL(COMPILED).href);
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    if (mtime(COMPILED) > 0) return import(pathToFileURL(COMPILED).href); // stale but all we have
    process.stderr.write('error: the cortex CLI is not built and tsx is not installed.\nhint: run `npm install` and `npm run build:node` in the Phantom Cortex checkout.\n');
    process.exit(1);
  }
  register();
  return import(pathToFileURL(SOURCE).href);
}

const { main } = await load();
await main(process.argv.slice(2));
