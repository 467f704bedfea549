import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bash script that adds OSC 133 marks after reading the user's own rc files. */
export const BASH_INTEGRATION_SOURCE = fileURLToPath(new URL('./shell/bash-integration.sh', import.meta.url));

/** Flags that leave an interactive bash reading its rc file (anything else: no integration). */
const INTERACTIVE_ONLY = new Set(['-i']);

/**
 * Shell integration for one launch, the way VS Code's terminal injects it: when `argv` starts
 * an interactive bash with no script or login flag, the argv gains `--rcfile <file> -i`, where
 * `<file>` (under `<dataDir>/shell-integration/`, 0700 dir, 0600 file) reads /etc/bash.bashrc
 * and ~/.bashrc as bash would, then adds OSC 133 marks (prompt, command start, command end
 * with its exit code). The user's rc files are never touched. Returns null when the argv is
 * not such a shell (left as it is). Synchronous: writes the file once per content.
 * @throws Error when the data dir cannot be written
 */
export function shellIntegrationArgv(argv: string[], dataDir: string): string[] | null {
  const [exe, ...args] = argv;
  if (!exe || basename(exe) !== 'bash' || !args.every((a) => INTERACTIVE_ONLY.has(a))) return null;
  const dir = join(dataDir, 'shell-integration');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'bash-rc.sh');
  const body = readFileSync(BASH_INTEGRATION_SOURCE, 'utf8');
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  if (current !== body) writeFileSync(file, body, { mode: 0o600 });
  return [exe, '--rcfile', file, '-i'];
}
