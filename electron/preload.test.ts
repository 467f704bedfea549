import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_KEY, IPC_FRAME_CHANNEL, IPC_REQUEST_CHANNEL, type CortexBridge } from '../backend/contract/bridge.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

/**
 * Runs the preload the way a sandboxed renderer does: compiled to CommonJS, in a fresh
 * context whose `require` knows only 'electron' (a fake here). So the test checks both the
 * sandbox rule and that the literals the preload repeats are the contract's, by what the
 * preload actually does with them.
 */
function loadPreload() {
  const exposed = new Map<string, unknown>();
  const sent: [string, unknown][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      send: (channel: string, payload: unknown) => sent.push([channel, payload]),
      on: (channel: string, fn: Listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      },
      removeListener: (channel: string, fn: Listener) => listeners.get(channel)?.delete(fn),
    },
  };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`module not found: ${name} (a sandboxed preload may only require electron)`);
    return electron;
  };
  const source = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} };
  runInNewContext(js, { require: sandboxRequire, module, exports: module.exports, process: { platform: 'testos' } });
  return { exposed, sent, listeners, required };
}

describe('preload', () => {
  let fake: ReturnType<typeof loadPreload>;
  let bridge: CortexBridge;

  beforeEach(() => {
    fake = loadPreload();
    bridge = fake.exposed.get(BRIDGE_KEY) as CortexBridge;
  });

  it('requires electron and nothing else', () => {
    expect(fake.required).toEqual(['electron']);
  });

  it('exposes exactly one global, the contract bridge key, with send/onFrame/platform', () => {
    expect([...fake.exposed.keys()]).toEqual([BRIDGE_KEY]);
    expect(Object.keys(bridge).sort()).toEqual(['onFrame', 'platform', 'send']);
    expect(bridge.platform).toBe('testos');
  });

  it('sends request frames on the contract request channel', () => {
    const frame = { t: 'req' as const, id: 1, method: 'app.info', params: {} };
    bridge.send(frame);
    expect(fake.sent).toEqual([[IPC_REQUEST_CHANNEL, frame]]);
  });

  it('relays frames of the contract frame channel without the IPC event, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.onFrame((f) => got.push(f));
    expect([...fake.listeners.keys()]).toEqual([IPC_FRAME_CHANNEL]);
    const frame = { t: 'evt', event: 'project.removed', payload: { projectId: 'p' } };
    for (const fn of fake.listeners.get(IPC_FRAME_CHANNEL)!) fn({ sender: 'secret ipc event' }, frame);
    expect(got).toEqual([frame]);
    off();
    expect(fake.listeners.get(IPC_FRAME_CHANNEL)!.size).toBe(0);
  });
});
