import type { Provider } from '@angular/core';
import { BRIDGE_KEY, type CortexBridge } from '@contract';
import { CortexClient } from './cortex-client';
import { readToken, webSocketUrl } from './endpoint';
import { IpcCortexClient } from './ipc-cortex-client';
import { WsCortexClient } from './ws-cortex-client';

/** The Electron preload's bridge, when this renderer runs in the desktop app. */
function findBridge(): CortexBridge | undefined {
  return (window as unknown as Record<string, CortexBridge | undefined>)[BRIDGE_KEY];
}

/**
 * Provides {@link CortexClient}: the IPC client when the preload bridge is present
 * (desktop app), else the WebSocket client to the server that served this page.
 */
export function provideCortexClient(): Provider {
  return {
    provide: CortexClient,
    useFactory: (): CortexClient => {
      const bridge = findBridge();
      if (bridge) return new IpcCortexClient(bridge);
      const token = readToken(window.location, window.sessionStorage);
      return new WsCortexClient(token === null ? null : webSocketUrl(window.location, token));
    },
  };
}
