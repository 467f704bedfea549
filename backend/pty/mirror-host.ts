import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MIRROR_WORKER_IDLE_MS, MIRROR_WORKER_YOUNG_GENERATION_MB } from './constants.js';
import type { FromWorker, ToWorker, WorkerHeap } from './mirror-protocol.js';
import { FROM_SOURCE } from '../config/app-paths.js';

/** One mirror's end of the host: receives its reports and replies. */
export interface MirrorPeer {
  receive(m: FromWorker): void;
  /** The worker died: what was written to it will never be reported parsed. */
  lost(): void;
  /** A new worker started: create the mirror again and resend what is unanswered. */
  restarted(): void;
}

/** Wait before starting a worker again after it died, ms: doubles per death, up to the last. */
const RESTART_DELAYS_MS = [0, 100, 500, 2_000, 5_000];
/** A worker that ran this long (ms) before dying resets the restart delay. */
const STABLE_AFTER_MS = 60_000;


/** The worker isolate's limits: a small young generation (see the constant). */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: MIRROR_WORKER_YOUNG_GENERATION_MB };

/**
 * Starts the worker from its TypeScript source: tsx's loader is registered in the worker
 * first (Node 20 does not apply `--import tsx` from a worker's execArgv to its entry).
 */
function workerFromSource(): Worker {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const entry = new URL('./mirror-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, resourceLimits: WORKER_LIMITS });
}

/**
 * Owns the mirror worker thread (`mirror-worker.ts`) that parses every session's output,
 * and routes its messages to each mirror's {@link MirrorPeer} by id. One worker for the
 * process: parsing is one core's work either way, and one V8 isolate costs ~10 MB.
 * The worker starts with the first mirror, ends {@link MIRROR_WORKER_IDLE_MS} after the
 * last is disposed, and never keeps the process alive (unref). When it dies (an exception
 * in a parser, out of memory), the error is logged and a new one starts; each mirror is
 * created again, empty, at its size (the sessions keep running; their screens restart
 * blank), after {@link RESTART_DELAYS_MS}.
 */
export class MirrorHost {
  private static instance: MirrorHost | null = null;

  /** The process's host. */
  static shared(): MirrorHost {
    return (MirrorHost.instance ??= new MirrorHost());
  }

  private worker: Worker | null = null;
  private readonly peers = new Map<number, MirrorPeer>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private deaths = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private gen = 0;
  private nextGc = 1;
  private readonly gcWaiters = new Map<number, (collected: boolean) => void>();
  private readonly heapWaiters = new Map<number, (heap: WorkerHeap | null) => void>();

  /** Counts the workers started: a mirror resends requests that an earlier one never answered. */
  get generation(): number {
    return this.gen;
  }

  /** Registers a mirror; returns its id. Starts the worker when none runs. */
  register(peer: MirrorPeer): number {
    const id = this.nextId++;
    this.peers.set(id, peer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    return id;
  }

  /** Forgets mirror `id` (after its `dispose` was posted); ends the worker once none is left. */
  unregister(id: number): void {
    this.peers.delete(id);
    if (this.peers.size > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.peers.size > 0) return;
      const w = this.worker;
      this.worker = null;
      void w?.terminate();
    }, MIRROR_WORKER_IDLE_MS);
    this.idleTimer.unref();
  }

  /**
   * Starts the worker ahead of the first mirror (when an instance starts), so that a
   * session's first snapshot (the first console attach) does not wait for a worker to boot:
   * a new isolate loading the headless xterm.js and this module's imports takes a fraction
   * of a second on a quiet machine and seconds on a loaded one, at the worker's low priority.
   * It stays up without mirrors until the first one registers (an idle isolate costs ~10 MB);
   * from then on the usual rule ends it {@link MIRROR_WORKER_IDLE_MS} after the last is disposed.
   */
  warm(): void {
    if (this.worker || this.restartTimer) return;
    this.worker = this.start();
  }

  /**
   * Sends `m` to the worker, starting one when none runs.
   * @returns false while a dead worker waits to be replaced: `m` was not sent
   */
  post(m: ToWorker): boolean {
    if (this.restartTimer) return false;
    (this.worker ??= this.start()).postMessage(m);
    return true;
  }

  /**
   * Runs a full garbage collection in the worker (benchmarks of memory: the process's
   * `global.gc()` collects only its own isolate). Needs the process started with
   * `--expose-gc` (the worker inherits it).
   * @returns false when no worker runs or it cannot collect
   */
  collectGarbage(): Promise<boolean> {
    if (!this.worker || this.restartTimer) return Promise.resolve(false);
    const req = this.nextGc++;
    return new Promise((resolve) => {
      this.gcWaiters.set(req, resolve);
      this.worker!.postMessage({ t: 'gc', req } satisfies ToWorker);
    });
  }

  /**
   * The worker isolate's heap figures (benchmarks of memory: `process.memoryUsage()` of this
   * thread reads only this thread's isolate, bytes).
   * @returns null when no worker runs
   */
  heapStatistics(): Promise<WorkerHeap | null> {
    if (!this.worker || this.restartTimer) return Promise.resolve(null);
    const req = this.nextGc++;
    return new Promise((resolve) => {
      this.heapWaiters.set(req, resolve);
      this.worker!.postMessage({ t: 'heap', req } satisfies ToWorker);
    });
  }

  /** Ends the worker now, as if it crashed (tests of the restart). */
  crashForTest(): Promise<number> | undefined {
    return this.worker?.terminate();
  }

  private start(): Worker {
    const w = FROM_SOURCE ? workerFromSource() : new Worker(new URL('./mirror-worker.js', import.meta.url), { resourceLimits: WORKER_LIMITS });
    w.unref();
    this.startedAt = Date.now();
    this.gen++;
    w.on('message', (m: FromWorker) => {
      if (m.t === 'gc-done') {
        this.gcWaiters.get(m.req)?.(m.collected);
        this.gcWaiters.delete(m.req);
      } else if (m.t === 'heap-done') {
        this.heapWaiters.get(m.req)?.(m.heap);
        this.heapWaiters.delete(m.req);
      } else this.peers.get(m.id)?.receive(m);
    });
    w.on('error', (err) => console.error(`[cortex] the mirror worker failed: ${err.stack ?? err}`));
    w.on('exit', (code) => {
      for (const resolve of this.gcWaiters.values()) resolve(false);
      this.gcWaiters.clear();
      for (const resolve of this.heapWaiters.values()) resolve(null);
      this.heapWaiters.clear();
      if (this.worker !== w) return; // ended on purpose
      this.worker = null;
      if (this.peers.size === 0) return;
      for (const peer of this.peers.values()) peer.lost();
      if (Date.now() - this.startedAt > STABLE_AFTER_MS) this.deaths = 0;
      const delay = RESTART_DELAYS_MS[Math.min(this.deaths++, RESTART_DELAYS_MS.length - 1)]!;
      console.error(`[cortex] the mirror worker exited (code ${code}); starting a new one in ${delay} ms; session screens restart blank`);
      this.restartTimer = setTimeout(() => this.restart(), delay);
      this.restartTimer.unref();
    });
    return w;
  }

  private restart(): void {
    this.restartTimer = null;
    this.worker = this.start();
    for (const peer of this.peers.values()) peer.restarted();
  }
}
