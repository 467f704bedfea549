import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bash script that adds OSC 133 marks after reading the user's own rc files. */
export const BASH_INTEGRATION_SOURCE = fileURLToPath(new URL('./shell/bash-integration.sh', import.meta.url));
/** The zsh script that adds OSC 133 marks (precmd / preexec hooks). */
export const ZSH_INTEGRATION_SOURCE = fileURLToPath(new URL('./shell/zsh-integration.zsh', import.meta.url));
/** The fish script that adds OSC 133 marks (fish_prompt / fish_preexec / fish_postexec events). */
export const FISH_INTEGRATION_SOURCE = fileURLToPath(new URL('./shell/fish-integration.fish', import.meta.url));

/** Folder (inside the data dir) holding the shell integration files. */
export const SHELL_INTEGRATION_DIR = 'shell-integration';
/** Environment variable carrying the user's own ZDOTDIR into the launch's .zshenv (absent: none was set). */
export const USER_ZDOTDIR_ENV = 'CORTEX_USER_ZDOTDIR';

/** Flags that leave an interactive shell reading its usual startup files (anything else: no integration). */
const INTERACTIVE_ONLY = new Set(['-i']);

/** What one launch of a shell gets: its argv and the variables to add to its environment. */
export interface ShellLaunch {
  argv: string[];
  env: Record<string, string>;
}

/**
 * Shell integration for one launch, the way VS Code's terminal injects it: when `argv` starts
 * an interactive bash, zsh or fish (no arguments but `-i`: no script, no login shell), the
 * launch is changed so the shell first reads what it reads anyway, then adds OSC 133 marks
 * (prompt, command start, command end with its exit code). The user's files are never touched;
 * every file lives under `<dataDir>/shell-integration/` (0700 dirs, 0600 files), written only
 * when its content differs.
 * - bash: `--rcfile <file> -i`; the file reads /etc/bash.bashrc and ~/.bashrc, then the marks.
 * - zsh: `ZDOTDIR=<dir>` for this process only; the dir's .zshenv and .zshrc read the user's own
 *   (from their ZDOTDIR, carried in `CORTEX_USER_ZDOTDIR`, else HOME), give ZDOTDIR back (unset
 *   when the user had none), then add the marks.
 * - fish: `--init-command "source <file>"`, run after fish read its own configuration.
 * Returns null when the argv is not such a shell (left as it is).
 * @param env the environment the shell will get (its ZDOTDIR is the user's)
 * @throws Error when the data dir cannot be written
 */
export function shellIntegration(argv: string[], dataDir: string, env: NodeJS.ProcessEnv = {}): ShellLaunch | null {
  const [exe, ...args] = argv;
  if (!exe || !args.every((a) => INTERACTIVE_ONLY.has(a))) return null;
  const dir = join(dataDir, SHELL_INTEGRATION_DIR);
  switch (basename(exe)) {
    case 'bash': {
      const file = writePrivate(dir, 'bash-rc.sh', readFileSync(BASH_INTEGRATION_SOURCE, 'utf8'));
      return { argv: [exe, '--rcfile', file, '-i'], env: {} };
    }
    case 'zsh': {
      const hooks = writePrivate(dir, 'zsh-integration.zsh', readFileSync(ZSH_INTEGRATION_SOURCE, 'utf8'));
      const zdotdir = join(dir, 'zsh');
      writePrivate(zdotdir, '.zshenv', ZSHENV);
      writePrivate(zdotdir, '.zshrc', zshrc(hooks));
      const user = env['ZDOTDIR'];
      return { argv: [exe, ...args], env: { ZDOTDIR: zdotdir, ...(user ? { [USER_ZDOTDIR_ENV]: user } : {}) } };
    }
    case 'fish': {
      const file = writePrivate(dir, 'fish-integration.fish', readFileSync(FISH_INTEGRATION_SOURCE, 'utf8'));
      return { argv: [exe, ...args, '--init-command', `source ${fishQuote(file)}`], env: {} };
    }
    default:
      return null;
  }
}

/**
 * The launch's .zshenv: reads the user's .zshenv with the user's ZDOTDIR in place (it may set
 * another one: that is where their .zshrc is), then points ZDOTDIR back at the launch's folder
 * so zsh reads the launch's .zshrc next, remembering the user's value for it.
 */
const ZSHENV = `# Phantom Cortex shell integration (ZDOTDIR of one launch): the user's .zshenv, then back here for .zshrc.
__cortex_zdotdir=$ZDOTDIR
if [[ -n \${${USER_ZDOTDIR_ENV}-} ]]; then export ZDOTDIR=$${USER_ZDOTDIR_ENV}; else unset ZDOTDIR; fi
unset ${USER_ZDOTDIR_ENV}
if [[ -r \${ZDOTDIR:-$HOME}/.zshenv ]]; then . \${ZDOTDIR:-$HOME}/.zshenv; fi
if (( \${+ZDOTDIR} )); then __cortex_user_zdotdir=$ZDOTDIR; fi
ZDOTDIR=$__cortex_zdotdir
unset __cortex_zdotdir
`;

/** The launch's .zshrc: gives the user's ZDOTDIR back, reads their .zshrc, then the OSC 133 hooks. */
function zshrc(hooksFile: string): string {
  return `# Phantom Cortex shell integration (ZDOTDIR of one launch): the user's ZDOTDIR and .zshrc, then the marks.
if (( \${+__cortex_user_zdotdir} )); then export ZDOTDIR=$__cortex_user_zdotdir; else unset ZDOTDIR; fi
unset __cortex_user_zdotdir
if [[ -r \${ZDOTDIR:-$HOME}/.zshrc ]]; then . \${ZDOTDIR:-$HOME}/.zshrc; fi
. ${shQuote(hooksFile)}
`;
}

/** Writes `name` under `dir` (0700) as a 0600 file when its content differs; returns its path. */
function writePrivate(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, name);
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  if (current !== body) writeFileSync(file, body, { mode: 0o600 });
  return file;
}

/** POSIX single-quoting (zsh reads it the same way). */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Fish single-quoting: backslash and quote are the only escapes inside '…'. */
function fishQuote(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}
