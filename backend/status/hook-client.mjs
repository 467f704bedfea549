#!/usr/bin/env node
// Phantom Cortex hook client: forwards one agent hook call to the cockpit's hook server.
//
// Usage (configured per launch by backend/status/hook-launch.ts, never in the user's global settings):
//   node hook-client.mjs <EventName>          payload JSON on stdin (Claude Code hooks)
//   node hook-client.mjs [<EventName>] '<json>'  payload JSON as the last argument (Codex `notify`);
//                                             without an event name the payload's `type` is used
// Environment: CORTEX_HOOK_URL, CORTEX_HOOK_TOKEN, CORTEX_SESSION_ID.
//
// It never blocks or disturbs the agent: prints nothing (Claude Code adds SessionStart and
// UserPromptSubmit stdout to the model's context), always exits 0, and gives up after
// HARD_LIMIT_MS even when the server is down or stdin never closes. Plain JS, no dependencies.
import http from 'node:http';

const HARD_LIMIT_MS = 2000;
const STDIN_LIMIT_MS = 500;
const REQUEST_TIMEOUT_MS = 1000;
const MAX_STDIN_BYTES = 1024 * 1024;

const quit = () => process.exit(0);
setTimeout(quit, HARD_LIMIT_MS).unref();
process.on('uncaughtException', quit);
process.on('unhandledRejection', quit);

const { CORTEX_HOOK_URL: url, CORTEX_HOOK_TOKEN: token, CORTEX_SESSION_ID: sessionId } = process.env;
if (!url || !token || !sessionId) quit();

function parse(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

function readStdin() {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    let data = '';
    const done = () => {
      process.stdin.pause();
      resolve(data);
    };
    setTimeout(done, STDIN_LIMIT_MS).unref();
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => {
      data += c;
      if (data.length > MAX_STDIN_BYTES) done();
    });
    process.stdin.on('end', done);
    process.stdin.on('error', done);
  });
}

async function main() {
  const args = process.argv.slice(2);
  let event = args[0] && !args[0].trimStart().startsWith('{') ? args.shift() : '';
  let payload = args.length ? parse(args[args.length - 1]) : null;
  if (!payload) payload = parse(await readStdin()) ?? {};
  if (!event) event = String(payload.hook_event_name ?? payload.type ?? '');
  if (!event) quit();
  const body = JSON.stringify({ sessionId, event, payload });
  const req = http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-cortex-token': token },
    timeout: REQUEST_TIMEOUT_MS,
  });
  req.on('response', (res) => {
    res.resume();
    res.on('end', quit);
  });
  req.on('timeout', quit);
  req.on('error', quit);
  req.end(body);
}

main().catch(quit);
