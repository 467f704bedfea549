/**
 * The preload of the sandboxed renderer. A sandboxed preload may only `require('electron')`,
 * so nothing of ours is imported at run time: the channel names and the bridge key are
 * repeated here as literals (`preload.test.ts` checks they equal the contract's
 * `BRIDGE_KEY`, `IPC_REQUEST_CHANNEL`, `IPC_FRAME_CHANNEL`), types are imported as types.
 *
 * It exposes `window.cortex` (`CortexBridge`): send a request frame, listen to response and
 * event frames, read the platform. Nothing else of IPC reaches the page: no ipcRenderer,
 * no event objects, no other channel.
 */
import type { CortexBridge } from '../backend/contract/bridge.js' with { 'resolution-mode': 'import' };
import type { RequestFrame, ServerFrame } from '../backend/contract/messages.js' with { 'resolution-mode': 'import' };
import electron = require('electron');

const BRIDGE_KEY = 'cortex';
const IPC_REQUEST_CHANNEL = 'cortex:request';
const IPC_FRAME_CHANNEL = 'cortex:frame';

const { contextBridge, ipcRenderer } = electron;

const bridge: CortexBridge = {
  send(frame: RequestFrame): void {
    ipcRenderer.send(IPC_REQUEST_CHANNEL, frame);
  },
  onFrame(listener: (frame: ServerFrame) => void): () => void {
    const relay = (_event: unknown, frame: ServerFrame) => listener(frame);
    ipcRenderer.on(IPC_FRAME_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_FRAME_CHANNEL, relay);
    };
  },
  platform: process.platform,
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
