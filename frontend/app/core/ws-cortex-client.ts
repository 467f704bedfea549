import type { RequestFrame, ServerFrame } from '@contract';
import { decodeOutputFrame } from '@contract';
import { reconnectDelayMs } from './backoff';
import { RpcCortexClient } from './rpc-cortex-client';

/**
 * Browser mode's client: contract frames as JSON over a native WebSocket to the server
 * that served the page; output batches come as binary frames whose UTF-8 goes to the
 * consoles undecoded (contract/output-frame.ts). When the link drops, pending calls fail with `INTERNAL`, the
 * state turns `reconnecting`, and it reconnects with exponential backoff; each reopen
 * emits `reconnected$` so consoles re-attach and lists reload.
 * Calls made while connecting are queued and sent once the socket opens.
 */
export class WsCortexClient extends RpcCortexClient {
  private socket: WebSocket | null = null;
  private queue: string[] = [];
  private attempt = 0;
  private everOpened = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** @param url `ws://host/ws?token=…`, or null when the page has no token (state `failed`) */
  constructor(private readonly url: string | null) {
    super();
    if (url === null) this.state.set('failed');
    else this.connect();
  }

  /** Closes the socket for good (tests, teardown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
  }

  protected override sendFrame(frame: RequestFrame): void {
    const text = JSON.stringify(frame);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
    else if (this.url === null) throw new Error('this page was opened without its token');
    else this.queue.push(text);
  }

  private connect(): void {
    const socket = new WebSocket(this.url!);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      for (const text of this.queue) socket.send(text);
      this.queue = [];
      this.state.set('open');
      if (this.everOpened) this.reconnectedSubject.next();
      this.everOpened = true;
    };
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (msg: MessageEvent<string | ArrayBuffer>) => {
      if (typeof msg.data !== 'string') {
        const batch = decodeOutputFrame(new Uint8Array(msg.data));
        if (batch) this.receiveOutput(batch);
        return;
      }
      let frame: ServerFrame;
      try {
        frame = JSON.parse(msg.data) as ServerFrame;
      } catch {
        return;
      }
      this.receive(frame);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.queue = [];
      this.core.failAll('The connection to Phantom Cortex was lost.');
      this.state.set('reconnecting');
      this.timer = setTimeout(() => this.connect(), reconnectDelayMs(this.attempt++));
    };
  }
}
