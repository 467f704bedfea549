import type { CortexBridge } from '@contract';
import type { RequestFrame } from '@contract';
import { RpcCortexClient } from './rpc-cortex-client';

/**
 * The desktop app's client: contract frames over the Electron preload bridge
 * (`window.cortex`). IPC does not drop, so the link is always `open`.
 */
export class IpcCortexClient extends RpcCortexClient {
  constructor(private readonly bridge: CortexBridge) {
    super();
    bridge.onFrame((frame) => this.receive(frame));
    this.state.set('open');
  }

  protected override sendFrame(frame: RequestFrame): void {
    this.bridge.send(frame);
  }
}
