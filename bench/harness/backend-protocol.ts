/** Messages between the bench and its backend child process (IPC channel of `fork`). */

/** How the child starts its browser-mode instance (passed in BENCH_BACKEND_CONFIG). */
export interface BackendChildConfig {
  dataDir: string;
  /** Built renderer to serve; none serves only the WebSocket. */
  staticDir?: string;
  /** Lines of scrollback per session mirror; the backend's default when unset. */
  scrollback?: number;
}

export type ChildRequest = { type: 'memory' } | { type: 'cpu' } | { type: 'stop' };

export type ChildReply =
  | { type: 'ready'; url: string; wsUrl: string; token: string; pid: number }
  | { type: 'memory'; usage: NodeJS.MemoryUsage; gc: boolean }
  | { type: 'cpu'; usage: NodeJS.CpuUsage }
  | { type: 'stopped' }
  | { type: 'error'; message: string };
