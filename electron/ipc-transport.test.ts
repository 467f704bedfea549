import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_FRAME_CHANNEL, IPC_REQUEST_CHANNEL } from '../backend/contract/bridge.js';
import type { ResponseFrame } from '../backend/contract/index.js';
import type { ClientConnection } from '../backend/service/call-context.js';
import { CortexBackend } from '../backend/service/cortex-backend.js';
import type { BroadcastEvent } from '../backend/sessions/session-manager.js';

// Electron's ipcMain, reduced to what the transport uses: an EventEmitter.
vi.mock('electron', async () => {
  const events = await import('node:events');
  return { ipcMain: new events.EventEmitter() };
});
const ipcMain = (await import('electron')).ipcMain as unknown as EventEmitter;
const { IpcTransport } = await import('./ipc-transport.js');

interface FakeFrame {
  url: string;
  processId: number;
  frameToken: string;
  parent: FakeFrame | null;
  isDestroyed(): boolean;
}

let nextId = 1;
/** A webContents with a main frame on `url`, recording what is sent to it. */
function fakeContents(url = 'app://cortex/') {
  const wc = Object.assign(new EventEmitter(), {
    id: nextId++,
    destroyed: false,
    sent: [] as [string, unknown][],
    isDestroyed: () => wc.destroyed,
    send: (channel: string, frame: unknown) => wc.sent.push([channel, frame]),
    mainFrame: null as unknown as FakeFrame,
  });
  wc.mainFrame = { url, processId: 3, frameToken: `main-${wc.id}`, parent: null, isDestroyed: () => false };
  return wc;
}
type Contents = ReturnType<typeof fakeContents>;

function request(wc: Contents, frame: unknown, senderFrame: FakeFrame | null = wc.mainFrame) {
  ipcMain.emit(IPC_REQUEST_CHANNEL, { sender: wc, senderFrame }, frame);
}

function fakeHost() {
  const events = new Subject<BroadcastEvent>();
  const connections: ClientConnection[] = [];
  const handle = vi.fn(async (conn: ClientConnection, raw: unknown, send: (f: ResponseFrame) => void) => {
    if (!connections.includes(conn)) connections.push(conn);
    send({ t: 'res', id: (raw as { id: number }).id, ok: true, result: conn.id });
  });
  return { host: { bus: { events$: events.asObservable() }, router: { handle } }, events, handle, connections };
}

const responses = (wc: Contents) => wc.sent.filter(([, f]) => (f as { t: string }).t === 'res');
const logs: string[] = [];
const log = (m: string) => logs.push(m);
let transport: InstanceType<typeof IpcTransport> | undefined;

afterEach(() => {
  transport?.close();
  transport = undefined;
  logs.length = 0;
});

describe('IpcTransport', () => {
  it('serves the main frame of a trusted window, answering on the frame channel', async () => {
    const f = fakeHost();
    transport = new IpcTransport(f.host, log);
    const wc = fakeContents();
    transport.trust(wc as never);
    request(wc, { t: 'req', id: 1, method: 'app.info' });
    await vi.waitFor(() => expect(responses(wc)).toHaveLength(1));
    expect(wc.sent[0]![0]).toBe(IPC_FRAME_CHANNEL);
  });

  it('drops and logs messages from untrusted windows, sub-frames, foreign pages and gone frames', async () => {
    const f = fakeHost();
    transport = new IpcTransport(f.host, log);
    const ours = fakeContents();
    transport.trust(ours as never);
    const stranger = fakeContents();
    request(stranger, { t: 'req', id: 1, method: 'app.info' });
    const iframe: FakeFrame = { url: 'app://cortex/x', processId: 3, frameToken: 'sub', parent: ours.mainFrame, isDestroyed: () => false };
    request(ours, { t: 'req', id: 2, method: 'app.info' }, iframe);
    const navigated = fakeContents('https://evil.example/');
    transport.trust(navigated as never);
    request(navigated, { t: 'req', id: 3, method: 'app.info' });
    request(ours, { t: 'req', id: 4, method: 'app.info' }, null);
    // A frame claiming to be top-level but not our main frame (e.g. a stale frame object).
    const impostor: FakeFrame = { ...ours.mainFrame, frameToken: 'other' };
    request(ours, { t: 'req', id: 5, method: 'app.info' }, impostor);
    await new Promise((r) => setTimeout(r, 10));
    expect(f.handle).not.toHaveBeenCalled();
    expect(stranger.sent).toEqual([]);
    expect(logs).toHaveLength(5);
    expect(logs.every((l) => l.startsWith('IPC: dropped a request'))).toBe(true);
  });

  it('keeps one client per window and sends it bus events', async () => {
    const f = fakeHost();
    transport = new IpcTransport(f.host, log);
    const a = fakeContents();
    const b = fakeContents();
    transport.trust(a as never);
    transport.trust(b as never);
    request(a, { t: 'req', id: 1, method: 'x' });
    request(a, { t: 'req', id: 2, method: 'x' });
    request(b, { t: 'req', id: 3, method: 'x' });
    await vi.waitFor(() => expect(f.handle).toHaveBeenCalledTimes(3));
    expect(f.connections).toHaveLength(2);
    f.events.next({ event: 'project.removed', payload: { projectId: 'p' } } as BroadcastEvent);
    for (const wc of [a, b]) expect(wc.sent.filter(([, fr]) => (fr as { t: string }).t === 'evt')).toHaveLength(1);
  });

  it('releases the client (detaching its sessions) on reload, navigation commit, renderer crash and destruction', async () => {
    const f = fakeHost();
    transport = new IpcTransport(f.host, log);
    const wc = fakeContents();
    transport.trust(wc as never);
    const cycle = async (id: number, end: () => void) => {
      request(wc, { t: 'req', id, method: 'x' });
      await vi.waitFor(() => expect(f.connections.length).toBe(id));
      const detach = vi.fn();
      f.connections[id - 1]!.attachments.set('s', { detach } as never);
      end();
      expect(detach).toHaveBeenCalledOnce();
    };
    // A same-document navigation (hash change) or a sub-frame keeps the client.
    await cycle(1, () => {
      wc.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
      wc.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
      expect(f.connections[0]!.attachments.size).toBe(1);
      wc.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    });
    await cycle(2, () => wc.emit('did-navigate', {}, 'app://cortex/'));
    await cycle(3, () => wc.emit('render-process-gone', {}, { reason: 'crashed' }));
    await cycle(4, () => {
      wc.destroyed = true;
      wc.emit('destroyed');
    });
    // A destroyed window is no longer trusted.
    request(wc, { t: 'req', id: 5, method: 'x' });
    await new Promise((r) => setTimeout(r, 10));
    expect(f.handle).toHaveBeenCalledTimes(4);
  });

  it('stops listening on close', async () => {
    const f = fakeHost();
    transport = new IpcTransport(f.host, log);
    const wc = fakeContents();
    transport.trust(wc as never);
    transport.close();
    request(wc, { t: 'req', id: 1, method: 'x' });
    await new Promise((r) => setTimeout(r, 10));
    expect(f.handle).not.toHaveBeenCalled();
    expect(ipcMain.listenerCount(IPC_REQUEST_CHANNEL)).toBe(0);
  });

  it('round-trips the real contract with a real backend', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cortex-ipc-'));
    const backend = new CortexBackend({ dataDir });
    try {
      transport = new IpcTransport(backend, log);
      const wc = fakeContents();
      transport.trust(wc as never);
      request(wc, { t: 'req', id: 7, method: 'app.info', params: {} });
      request(wc, { t: 'req', id: 8, method: 'no.such.method' });
      request(wc, 'not a frame');
      await vi.waitFor(() => expect(responses(wc)).toHaveLength(3));
      const byId = new Map(responses(wc).map(([, fr]) => [(fr as { id: number }).id, fr]));
      expect(byId.get(7)).toMatchObject({ ok: true, result: { dataDir } });
      expect(byId.get(8)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      expect(byId.get(-1)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    } finally {
      transport?.close();
      transport = undefined;
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
