import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { IPC_FRAME_CHANNEL, IPC_REQUEST_CHANNEL } from '../backend/contract/bridge.js';
import type { ServerFrame } from '../backend/contract/index.js';
import { openConnection, type ConnectionHandle, type ConnectionHost } from '../backend/transport/connection.js';
import { checkSender, type SenderInfo } from './sender-check.js';

/**
 * The contract over Electron IPC. Requests arrive on `IPC_REQUEST_CHANNEL` (the preload's
 * `cortex.send`), responses and events leave on `IPC_FRAME_CHANNEL` via
 * `webContents.send`; the message format is the one the WebSocket carries, as a structured
 * clone. Every message's sender is checked (`checkSender`): it must be the main frame of
 * a window registered with {@link trust}, on the `app://cortex` origin; anything else is
 * dropped and logged. Each trusted webContents is one client (`ClientConnection`),
 * created on its first request and released — events stopped, session attachments
 * detached — when its page navigates or reloads (at the start and at the commit of the
 * navigation), its renderer process dies, or it is
 * destroyed. The next page then starts a fresh client and reattaches.
 */
export class IpcTransport {
  private readonly trusted = new Set<number>();
  private readonly clients = new Map<number, ConnectionHandle>();
  private readonly listener = (event: IpcMainEvent, raw: unknown) => this.onRequest(event, raw);

  /** @param log receives dropped messages and send failures */
  constructor(
    private readonly host: ConnectionHost,
    private readonly log: (msg: string) => void,
  ) {
    ipcMain.on(IPC_REQUEST_CHANNEL, this.listener);
  }

  /** Accepts requests from `contents` (our main window) from now on. */
  trust(contents: WebContents): void {
    const id = contents.id;
    this.trusted.add(id);
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) this.release(id);
    });
    // Again once the new document has committed: a request the old page sent in between
    // would otherwise leave attachments (paused, never acknowledged) to the new page.
    contents.on('did-navigate', () => this.release(id));
    contents.on('render-process-gone', () => this.release(id));
    contents.once('destroyed', () => {
      this.release(id);
      this.trusted.delete(id);
    });
  }

  /** Stops listening and releases every client (before the backend closes). */
  close(): void {
    ipcMain.removeListener(IPC_REQUEST_CHANNEL, this.listener);
    for (const id of [...this.clients.keys()]) this.release(id);
    this.trusted.clear();
  }

  private onRequest(event: IpcMainEvent, raw: unknown): void {
    const verdict = checkSender(senderInfo(event), this.trusted);
    if (!verdict.ok) {
      this.log(`IPC: dropped a request: ${verdict.reason}`);
      return;
    }
    this.clientFor(event.sender).receive(raw);
  }

  private clientFor(contents: WebContents): ConnectionHandle {
    let client = this.clients.get(contents.id);
    if (!client) {
      client = openConnection(this.host, (frame) => this.sendFrame(contents, frame));
      this.clients.set(contents.id, client);
    }
    return client;
  }

  private sendFrame(contents: WebContents, frame: ServerFrame): void {
    if (contents.isDestroyed()) return;
    try {
      contents.send(IPC_FRAME_CHANNEL, frame);
    } catch (err) {
      // A frame that cannot be cloned is a bug of the handler; the page going away is not.
      this.log(`IPC: could not send a ${frame.t} frame: ${(err as Error).message}`);
    }
  }

  private release(id: number): void {
    const client = this.clients.get(id);
    if (!client) return;
    this.clients.delete(id);
    client.close();
  }
}

/** The parts of an IPC event the sender check needs. A frame that is gone reads as null. */
export function senderInfo(event: IpcMainEvent): SenderInfo {
  let frameUrl: string | null = null;
  let isMainFrame = false;
  try {
    const frame = event.senderFrame;
    if (frame && !frame.isDestroyed()) {
      frameUrl = frame.url;
      const main = event.sender.mainFrame;
      isMainFrame = frame.parent === null && frame.processId === main.processId && frame.frameToken === main.frameToken;
    }
  } catch {
    frameUrl = null; // the frame was disposed while we looked at it
  }
  return { webContentsId: event.sender.id, frameUrl, isMainFrame };
}
