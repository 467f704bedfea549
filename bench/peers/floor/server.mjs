// The floor of the side-by-side bench (bench/peers.ts): bare xterm.js 6 (DOM renderer, no
// addons) in a page, each terminal on its own WebSocket to its own node-pty bash — the least
// a web terminal can do. Flow control as the xterm.js guide describes it ("Flow control",
// xtermjs.org/docs/guides/flowcontrol): the page acks parsed chars, the PTY pauses while too
// many are unacked. Run as its own process so its memory is measured apart from the bench:
//   node server.mjs <port-file> [bash args...]
// It writes `{ "port": N }` to <port-file> once it listens on 127.0.0.1.
import { createReadStream, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pty = require('node-pty');
const { WebSocketServer } = require('ws');
const here = dirname(fileURLToPath(import.meta.url));
const xtermDir = dirname(require.resolve('@xterm/xterm/package.json'));
/** Unacked chars at which the PTY pauses, and below which it resumes (the guide's watermarks). */
const HIGH_WATERMARK = 500_000;
const LOW_WATERMARK = 100_000;

const routes = {
  '/': { file: join(here, 'page.html'), type: 'text/html' },
  '/xterm.js': { file: join(xtermDir, 'lib', 'xterm.js'), type: 'text/javascript' },
  '/xterm.css': { file: join(xtermDir, 'css', 'xterm.css'), type: 'text/css' },
  '/addon-fit.js': { file: join(dirname(require.resolve('@xterm/addon-fit/package.json')), 'lib', 'addon-fit.js'), type: 'text/javascript' },
};
const server = createServer((req, res) => {
  const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
  if (!route) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' });
  createReadStream(route.file).pipe(res);
});
const wss = new WebSocketServer({ server, path: '/pty' });
wss.on('connection', (ws, req) => {
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const term = pty.spawn('/bin/bash', ['--norc', '--noprofile', '-i'], {
    name: 'xterm-256color',
    cols: Number(q.get('cols') ?? 80),
    rows: Number(q.get('rows') ?? 24),
    cwd: process.env.HOME ?? '/',
    env: { ...process.env, PS1: '$ ' },
  });
  let unacked = 0;
  let paused = false;
  term.onData((data) => {
    ws.send(data);
    unacked += data.length;
    if (!paused && unacked > HIGH_WATERMARK) {
      paused = true;
      term.pause();
    }
  });
  term.onExit(() => ws.close());
  ws.on('message', (raw, isBinary) => {
    const text = raw.toString();
    // Control messages are JSON after a NUL: {"ack":chars} or {"cols":c,"rows":r}; the rest is input.
    if (!isBinary && text.startsWith('\0')) {
      const msg = JSON.parse(text.slice(1));
      if (typeof msg.ack === 'number') {
        unacked = Math.max(0, unacked - msg.ack);
        if (paused && unacked < LOW_WATERMARK) {
          paused = false;
          term.resume();
        }
      }
      if (typeof msg.cols === 'number') term.resize(msg.cols, msg.rows);
      return;
    }
    term.write(text);
  });
  ws.on('close', () => term.kill());
});
server.listen(0, '127.0.0.1', () => {
  writeFileSync(process.argv[2], JSON.stringify({ port: server.address().port }));
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
