#!/usr/bin/env node
/**
 * Runs after `tsc -p tsconfig.node.json` (`npm run build:node`): copies the files tsc does
 * not emit but the compiled backend needs next to it: `hook-client.mjs` (run by agents'
 * hooks), `bash-integration.sh`, `zsh-integration.zsh` and `fish-integration.fish` (the OSC 133 marks for shells) and `gate-runner.mjs` / `gate-runner.sh` (run the quality gate's checks), each a separate
 * Node process, so they ship as plain JavaScript.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Files copied from the sources to dist/node, by path relative to the root. */
const ASSETS = ['backend/status/hook-client.mjs', 'backend/status/shell/bash-integration.sh', 'backend/status/shell/zsh-integration.zsh', 'backend/status/shell/fish-integration.fish', 'backend/orchestrator/gate-runner.mjs', 'backend/orchestrator/gate-runner.sh'];

for (const rel of ASSETS) {
  const to = join(root, 'dist', 'node', rel);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, rel), to);
}
